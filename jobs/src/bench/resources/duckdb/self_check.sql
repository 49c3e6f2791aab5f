-- Before the timed query, DuckDbBackfill runs its has_any patterns and in~ values through DuckDB
-- itself over a corpus of edge cases (the temporary table corpus) and compares every answer with
-- the product's functions: the regexes are checked in the engine that runs them. Same variables
-- as exfiltration_cloud_storage.sql.
SELECT
  id,
  kql_has_any(t, getvariable('CloudStorageDomains_candidates'), getvariable('CloudStorageDomains')) AS CloudStorageDomains,
  kql_has_any(t, getvariable('CloudSyncBinaries_candidates'), getvariable('CloudSyncBinaries')) AS CloudSyncBinaries,
  kql_has_any(t, getvariable('SyncToolCommands_candidates'), getvariable('SyncToolCommands')) AS SyncToolCommands,
  kql_has_any(t, getvariable('UploadIndicators_candidates'), getvariable('UploadIndicators')) AS UploadIndicators,
  list_contains(getvariable('ApiUploadBinaries'), lower(upper(coalesce(t, '')))) AS ApiUploadBinaries
FROM corpus
ORDER BY id
