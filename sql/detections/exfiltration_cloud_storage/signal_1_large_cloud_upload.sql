-- Signal 1 (KQL `let LargeUploads`): large outbound transfers to known cloud storage endpoints.
--   DeviceNetworkEvents | where Timestamp > ago(24h)
--   | where RemoteUrl has_any (CloudStorageDomains) | where BytesSent > 10485760
-- DeviceNetworkEvents has no AccountName: the initiating process's account stands in for it.
-- BytesSent is NULL unless the input was enriched with byte counts; then no row passes.
CREATE TEMPORARY VIEW LargeUploads AS
SELECT
  `Timestamp`,
  DeviceName,
  InitiatingProcessAccountName AS AccountName,
  RemoteUrl,
  RemoteIP,
  RemotePort,
  BytesSent,
  InitiatingProcessFileName,
  InitiatingProcessCommandLine,
  InitiatingProcessParentFileName,
  'LargeCloudUpload' AS Signal,
  DeviceId,
  ReportId,
  EventTime AS AlertTime, -- when the alert became known, in event time (tuning: repeats)
  -- for tuning (allowlist conditions), not written to the alerts
  InitiatingProcessFolderPath AS TuningProcessFolderPath,
  InitiatingProcessFolderPath AS TuningInitiatingProcessFolderPath,
  CAST(NULL AS STRING) AS TuningSignerType,
  CAST(NULL AS STRING) AS TuningSignatureStatus
FROM DeviceNetworkEvents
WHERE in_hunt_window(`Timestamp`)
  AND has_any(RemoteUrl, detection_list('CloudStorageDomains'))
  AND BytesSent > detection_long('LargeUploadMinBytes')
