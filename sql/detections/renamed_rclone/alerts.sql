-- The detection's alerts in the pack's columns: one row per (event, signal), each resting on its
-- one event. Process signals report the image's FolderPath, the network signal the initiating
-- process's. AttackTechnique is the exfiltration technique for all three; the masquerading
-- (T1036.003) of signals 1 and 2 is named in detection.yml.
CREATE TEMPORARY VIEW RenamedRcloneAlerts AS
SELECT
  CAST(`Timestamp` AS TIMESTAMP_LTZ(7)) AS `Timestamp`, DeviceName, AccountName,
  CAST(NULL AS STRING) AS RemoteUrl,
  CAST(NULL AS STRING) AS RemoteIP,
  CAST(NULL AS INT) AS RemotePort,
  CAST(NULL AS BIGINT) AS BytesSent,
  FileName, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, 'T1567.002' AS AttackTechnique,
  'renamed_rclone' AS Detection, FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM RenamedRcloneProcesses
UNION ALL
SELECT
  CAST(`Timestamp` AS TIMESTAMP_LTZ(7)) AS `Timestamp`, DeviceName, AccountName,
  RemoteUrl, RemoteIP, RemotePort, BytesSent,
  CAST(NULL AS STRING) AS FileName,
  CAST(NULL AS STRING) AS ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, 'T1567.002' AS AttackTechnique,
  'renamed_rclone' AS Detection, InitiatingProcessFolderPath AS FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM RenamedRcloneConnections
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
  'renamed_rclone' AS Detection, FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM RcloneFlagClusters
