-- The values the DuckDB form of the detection reads, one SET VARIABLE per line, each bound with a
-- prepared statement by DuckDbBackfill (which fails on a variable it has no value for, or a value
-- with no line here). See exfiltration_cloud_storage.sql for their meaning.
SET VARIABLE process_files = ?;
SET VARIABLE network_files = ?;
SET VARIABLE window_from = ?;
SET VARIABLE window_to = ?;
SET VARIABLE CloudStorageDomains = ?;
SET VARIABLE CloudStorageDomains_candidates = ?;
SET VARIABLE CloudSyncBinaries = ?;
SET VARIABLE CloudSyncBinaries_candidates = ?;
SET VARIABLE SyncToolCommands = ?;
SET VARIABLE SyncToolCommands_candidates = ?;
SET VARIABLE UploadIndicators = ?;
SET VARIABLE UploadIndicators_candidates = ?;
SET VARIABLE ApiUploadBinaries = ?;
SET VARIABLE LargeUploadMinBytes = ?;
