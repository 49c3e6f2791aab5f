-- The detection's alerts in the pack's columns, one row per (event, signal) resting on that event.
-- A file alert names the file written (FileName, FolderPath) and the process that wrote it; it has
-- no ProcessCommandLine (the writer's command line is InitiatingProcessCommandLine).
CREATE TEMPORARY VIEW RcloneConfigArtifactsAlerts AS
SELECT
  CAST(`Timestamp` AS TIMESTAMP_LTZ(7)) AS `Timestamp`, DeviceName, AccountName,
  CAST(NULL AS STRING) AS RemoteUrl,
  CAST(NULL AS STRING) AS RemoteIP,
  CAST(NULL AS INT) AS RemotePort,
  CAST(NULL AS BIGINT) AS BytesSent,
  FileName,
  CAST(NULL AS STRING) AS ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, 'T1567.002' AS AttackTechnique,
  'rclone_config_artifacts' AS Detection, FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM RcloneConfigWrites
UNION ALL
SELECT
  CAST(`Timestamp` AS TIMESTAMP_LTZ(7)) AS `Timestamp`, DeviceName, AccountName,
  CAST(NULL AS STRING) AS RemoteUrl,
  CAST(NULL AS STRING) AS RemoteIP,
  CAST(NULL AS INT) AS RemotePort,
  CAST(NULL AS BIGINT) AS BytesSent,
  FileName, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, 'T1567.002' AS AttackTechnique,
  'rclone_config_artifacts' AS Detection, FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM RcloneConfigCreateCommands
