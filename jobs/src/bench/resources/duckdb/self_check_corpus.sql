-- The table of edge-case texts self_check.sql evaluates; rows are inserted with insert_corpus.sql.
CREATE TEMPORARY TABLE corpus (id INTEGER, t VARCHAR)
