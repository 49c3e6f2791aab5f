-- Signal 2: a connection opened by a process whose PE version info is rclone's while its image is
-- called something else. DeviceNetworkEvents carries the initiating process's version info, so
-- each connection alerts on its own: no join with the process event, no state.
CREATE TEMPORARY VIEW RenamedRcloneConnections AS
SELECT
  `Timestamp`,
  DeviceName,
  InitiatingProcessAccountName AS AccountName,
  RemoteUrl,
  RemoteIP,
  RemotePort,
  BytesSent,
  InitiatingProcessFileName,
  InitiatingProcessFolderPath,
  InitiatingProcessCommandLine,
  InitiatingProcessParentFileName,
  'RenamedRcloneConnection' AS Signal,
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
  AND (in_ci(InitiatingProcessVersionInfoOriginalFileName, detection_list('RcloneVersionInfo'))
    OR in_ci(InitiatingProcessVersionInfoInternalFileName, detection_list('RcloneVersionInfo'))
    OR in_ci(InitiatingProcessVersionInfoProductName, detection_list('RcloneVersionInfo'))
    OR in_ci(InitiatingProcessVersionInfoFileDescription, detection_list('RcloneVersionInfo'))
    OR in_ci(InitiatingProcessVersionInfoCompanyName, detection_list('RcloneVersionInfo')))
  AND NOT has_any(InitiatingProcessFileName, detection_list('RcloneImageNames'))
