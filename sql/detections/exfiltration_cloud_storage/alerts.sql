-- KQL `union LargeUploads, CloudSyncTools, ApiUploads`: an outer union by column name; a column
-- a leg does not project is NULL in that leg's rows. One row per (event, signal).
-- The sort (`sort by Timestamp desc`) belongs to the batch sink binding: a stream has no end.
-- The pack's columns after AttackTechnique: this detection's name, no FolderPath (the KQL
-- projects none), the one event each alert rests on, and the context tuning matches on.
CREATE TEMPORARY VIEW ExfiltrationCloudStorageAlerts AS
SELECT
  `Timestamp`, DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent,
  CAST(NULL AS STRING) AS FileName,
  CAST(NULL AS STRING) AS ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, 'T1567.002' AS AttackTechnique,
  'exfiltration_cloud_storage' AS Detection, CAST(NULL AS STRING) AS FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM LargeUploads
UNION ALL
SELECT
  `Timestamp`, DeviceName, AccountName,
  CAST(NULL AS STRING) AS RemoteUrl,
  CAST(NULL AS STRING) AS RemoteIP,
  CAST(NULL AS INT) AS RemotePort,
  CAST(NULL AS BIGINT) AS BytesSent,
  FileName, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, 'T1567.002' AS AttackTechnique,
  'exfiltration_cloud_storage' AS Detection, CAST(NULL AS STRING) AS FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM CloudSyncTools
UNION ALL
SELECT
  `Timestamp`, DeviceName, AccountName,
  CAST(NULL AS STRING) AS RemoteUrl,
  CAST(NULL AS STRING) AS RemoteIP,
  CAST(NULL AS INT) AS RemotePort,
  CAST(NULL AS BIGINT) AS BytesSent,
  FileName, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, 'T1567.002' AS AttackTechnique,
  'exfiltration_cloud_storage' AS Detection, CAST(NULL AS STRING) AS FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM ApiUploads
