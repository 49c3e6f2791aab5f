-- Signal 3 (KQL `let ApiUploads`): curl/wget/python/PowerShell uploading to cloud storage APIs.
--   DeviceProcessEvents | where Timestamp > ago(24h)
--   | where FileName in~ (ApiUploadBinaries)
--   | where ProcessCommandLine has_any (CloudStorageDomains)
--   | where ProcessCommandLine has_any (UploadIndicators)
CREATE TEMPORARY VIEW ApiUploads AS
SELECT
  `Timestamp`,
  DeviceName,
  AccountName,
  FileName,
  ProcessCommandLine,
  InitiatingProcessFileName,
  InitiatingProcessCommandLine,
  InitiatingProcessParentFileName,
  'CloudApiUpload' AS Signal,
  DeviceId,
  ReportId,
  EventTime AS AlertTime, -- when the alert became known, in event time (tuning: repeats)
  -- for tuning (allowlist conditions), not written to the alerts
  FolderPath AS TuningProcessFolderPath,
  InitiatingProcessFolderPath AS TuningInitiatingProcessFolderPath,
  InitiatingProcessSignerType AS TuningSignerType,
  InitiatingProcessSignatureStatus AS TuningSignatureStatus
FROM DeviceProcessEvents
WHERE in_hunt_window(`Timestamp`)
  AND in_ci(FileName, detection_list('ApiUploadBinaries'))
  AND has_any(ProcessCommandLine, detection_list('CloudStorageDomains'))
  AND has_any(ProcessCommandLine, detection_list('UploadIndicators'))
