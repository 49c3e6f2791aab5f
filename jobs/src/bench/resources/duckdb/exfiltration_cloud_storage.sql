-- The detection exfiltration_cloud_storage (sql/detections/exfiltration_cloud_storage/) for DuckDB:
-- the same three signals over the same files as `bin/hunt batch`, one scan per table, in one query.
-- Used by the backfill benchmark only (jobs/src/bench/README.md).
--
-- No value is written into this text. DuckDbBackfill sets these variables with prepared statements
-- (SET VARIABLE name = ?) from detection.yml's parameters; DuckDB folds getvariable() to a constant,
-- so each regex is compiled once.
--   process_files, network_files   VARCHAR[]  the *.jsonl files under ROOT/<Table>/
--   window_from, window_to         VARCHAR    the window [from, to), ISO-8601
--   CloudStorageDomains, CloudSyncBinaries, SyncToolCommands, UploadIndicators
--                                  VARCHAR    KQL `has_any (list)` as one RE2 pattern (KqlRegex.hasAny:
--                                             rule R1 boundaries, per-code-point case classes)
--   <same>_candidates              VARCHAR    the same needles without boundaries (kql_has_any.sql)
--   ApiUploadBinaries              VARCHAR[]  the in~ list, case-folded (KqlRegex.foldAll)
--   LargeUploadMinBytes            BIGINT
-- kql_has_any(text, candidates, pattern) is the macro of kql_has_any.sql. A NULL string reads as ''
-- (udfs/SEMANTICS.md §6, MAP), as in the product's functions.
-- Output: one row per (event, signal), unsorted; the benchmark counts and compares them.
WITH process_hits AS MATERIALIZED (
  SELECT *
  FROM (
    SELECT
      "Timestamp", DeviceId, DeviceName, AccountName, FileName, ProcessCommandLine,
      InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName, ReportId,
      kql_has_any(FileName, getvariable('CloudSyncBinaries_candidates'), getvariable('CloudSyncBinaries'))
        OR kql_has_any(ProcessCommandLine, getvariable('SyncToolCommands_candidates'), getvariable('SyncToolCommands')) AS cloud_sync_tool,
      list_contains(getvariable('ApiUploadBinaries'), lower(upper(coalesce(FileName, ''))))
        AND kql_has_any(ProcessCommandLine, getvariable('CloudStorageDomains_candidates'), getvariable('CloudStorageDomains'))
        AND kql_has_any(ProcessCommandLine, getvariable('UploadIndicators_candidates'), getvariable('UploadIndicators')) AS cloud_api_upload
    FROM read_json(getvariable('process_files'),
      format = 'newline_delimited',
      columns = {
        "Timestamp": 'TIMESTAMP_NS', DeviceId: 'VARCHAR', DeviceName: 'VARCHAR', AccountName: 'VARCHAR',
        FileName: 'VARCHAR', ProcessCommandLine: 'VARCHAR', InitiatingProcessFileName: 'VARCHAR',
        InitiatingProcessCommandLine: 'VARCHAR', InitiatingProcessParentFileName: 'VARCHAR', ReportId: 'BIGINT'
      })
    WHERE "Timestamp" >= CAST(getvariable('window_from') AS TIMESTAMP_NS)
      AND "Timestamp" < CAST(getvariable('window_to') AS TIMESTAMP_NS)
  )
  WHERE cloud_sync_tool OR cloud_api_upload
)
SELECT
  'LargeCloudUpload' AS Signal, "Timestamp", DeviceId, ReportId, DeviceName,
  InitiatingProcessAccountName AS AccountName,
  RemoteUrl, RemoteIP, RemotePort, BytesSent,
  CAST(NULL AS VARCHAR) AS FileName, CAST(NULL AS VARCHAR) AS ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName
FROM read_json(getvariable('network_files'),
  format = 'newline_delimited',
  columns = {
    "Timestamp": 'TIMESTAMP_NS', DeviceId: 'VARCHAR', DeviceName: 'VARCHAR', RemoteUrl: 'VARCHAR',
    RemoteIP: 'VARCHAR', RemotePort: 'INTEGER', BytesSent: 'BIGINT', InitiatingProcessAccountName: 'VARCHAR',
    InitiatingProcessFileName: 'VARCHAR', InitiatingProcessCommandLine: 'VARCHAR',
    InitiatingProcessParentFileName: 'VARCHAR', ReportId: 'BIGINT'
  })
WHERE "Timestamp" >= CAST(getvariable('window_from') AS TIMESTAMP_NS)
  AND "Timestamp" < CAST(getvariable('window_to') AS TIMESTAMP_NS)
  AND kql_has_any(RemoteUrl, getvariable('CloudStorageDomains_candidates'), getvariable('CloudStorageDomains'))
  AND BytesSent > getvariable('LargeUploadMinBytes')
UNION ALL
SELECT
  'CloudSyncTool' AS Signal, "Timestamp", DeviceId, ReportId, DeviceName, AccountName,
  CAST(NULL AS VARCHAR) AS RemoteUrl, CAST(NULL AS VARCHAR) AS RemoteIP, CAST(NULL AS INTEGER) AS RemotePort,
  CAST(NULL AS BIGINT) AS BytesSent,
  FileName, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName
FROM process_hits
WHERE cloud_sync_tool
UNION ALL
SELECT
  'CloudApiUpload' AS Signal, "Timestamp", DeviceId, ReportId, DeviceName, AccountName,
  CAST(NULL AS VARCHAR) AS RemoteUrl, CAST(NULL AS VARCHAR) AS RemoteIP, CAST(NULL AS INTEGER) AS RemotePort,
  CAST(NULL AS BIGINT) AS BytesSent,
  FileName, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName
FROM process_hits
WHERE cloud_api_upload
