-- The pack's alert columns. RemoteUrl is the destination the bytes were summed over (the list
-- entry, e.g. mega.co.nz), not one host; RemoteIP/RemotePort, the process and FolderPath are the
-- last upload's; BytesSent is the window's sum; the evidence is its uploads (at most 100).
CREATE TEMPORARY VIEW ChunkedCloudUploadAlerts AS
SELECT
  CAST(`Timestamp` AS TIMESTAMP_LTZ(7)) AS `Timestamp`,
  DeviceName,
  AccountName,
  Destination AS RemoteUrl,
  RemoteIP,
  RemotePort,
  BytesSent,
  CAST(NULL AS STRING) AS FileName,
  CAST(NULL AS STRING) AS ProcessCommandLine,
  InitiatingProcessFileName,
  InitiatingProcessCommandLine,
  InitiatingProcessParentFileName,
  Signal,
  DeviceId,
  ReportId,
  'T1567.002' AS AttackTechnique,
  'chunked_cloud_upload' AS Detection,
  InitiatingProcessFolderPath AS FolderPath,
  CAST(EvidenceReportIds AS ARRAY<BIGINT>) AS EvidenceReportIds,
  -- for tuning (allowlist conditions), not written to the alerts: the uploading process's folder
  InitiatingProcessFolderPath AS TuningProcessFolderPath,
  InitiatingProcessFolderPath AS TuningInitiatingProcessFolderPath,
  CAST(NULL AS STRING) AS TuningSignerType,
  CAST(NULL AS STRING) AS TuningSignatureStatus,
  AlertTime
FROM ManySmallUploads
