-- KQL `text has_any (list)` for DuckDB: `candidates` (KqlRegex.hasAnyCandidates, the needles without
-- their term boundaries) is a cheap necessary condition; `pattern` (KqlRegex.hasAny, rule R1) decides.
-- CASE evaluates the exact pattern only on rows where the candidates matched: RE2 runs the exact
-- pattern's Unicode boundary classes outside its DFA, about 500 times slower. A NULL text reads as ''.
CREATE TEMPORARY MACRO kql_has_any(text, candidates, pattern) AS
  CASE WHEN regexp_matches(coalesce(text, ''), candidates) THEN regexp_matches(coalesce(text, ''), pattern) ELSE false END
