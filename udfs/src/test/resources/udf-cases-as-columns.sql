-- Every case of test-data/udfs/cases.jsonl, with text and needles taken from columns.
SELECT id,
  CASE fn
    WHEN 'has' THEN has(txt, needle)
    WHEN 'has_cs' THEN has_cs(txt, needle)
    WHEN 'hasprefix' THEN hasprefix(txt, needle)
    WHEN 'hassuffix' THEN hassuffix(txt, needle)
    WHEN 'kql_contains' THEN kql_contains(txt, needle)
    WHEN 'kql_startswith' THEN kql_startswith(txt, needle)
    WHEN 'kql_endswith' THEN kql_endswith(txt, needle)
    WHEN 'equals_ci' THEN equals_ci(txt, needle)
    WHEN 'has_any' THEN has_any(txt, needles)
    WHEN 'has_all' THEN has_all(txt, needles)
    WHEN 'in_ci' THEN in_ci(txt, needles)
  END AS actual
FROM UdfCases
