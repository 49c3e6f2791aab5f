-- The detection's alerts in the pack's columns: one row per (event, signal), each resting on
-- its one event. Process signals carry the process image's folder, the network signal the
-- initiating process's.
CREATE TEMPORARY VIEW ExfiltrationWebServicesAlerts AS
SELECT
  `Timestamp`, DeviceName, AccountName,
  CAST(NULL AS STRING) AS RemoteUrl,
  CAST(NULL AS STRING) AS RemoteIP,
  CAST(NULL AS INT) AS RemotePort,
  CAST(NULL AS BIGINT) AS BytesSent,
  FileName, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, AttackTechnique,
  'exfiltration_web_services' AS Detection, FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM StorageUploadCommands
UNION ALL
SELECT
  `Timestamp`, DeviceName, AccountName,
  CAST(NULL AS STRING) AS RemoteUrl,
  CAST(NULL AS STRING) AS RemoteIP,
  CAST(NULL AS INT) AS RemotePort,
  CAST(NULL AS BIGINT) AS BytesSent,
  FileName, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, AttackTechnique,
  'exfiltration_web_services' AS Detection, FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM FileSharingUploadCommands
UNION ALL
SELECT
  `Timestamp`, DeviceName, AccountName,
  RemoteUrl, RemoteIP, RemotePort, BytesSent,
  CAST(NULL AS STRING) AS FileName,
  CAST(NULL AS STRING) AS ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  Signal, DeviceId, ReportId, AttackTechnique,
  'exfiltration_web_services' AS Detection, FolderPath, ARRAY[ReportId] AS EvidenceReportIds,
  TuningProcessFolderPath, TuningInitiatingProcessFolderPath, TuningSignerType, TuningSignatureStatus, AlertTime
FROM LargeStorageHostUploads
