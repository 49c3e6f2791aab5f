-- Signal 1: a process whose PE version info is rclone's while its image is called something else
-- (svchost.exe, sihost.exe, a Cyrillic 'rсlone.exe'). One version field is enough, so editing one
-- resource string does not hide the binary. Images the seed's CloudSyncTool already catches by
-- name (FileName has 'rclone': rclone.exe, rclone_x64.exe) are left to the seed.
CREATE TEMPORARY VIEW RenamedRcloneProcesses AS
SELECT
  `Timestamp`,
  DeviceName,
  AccountName,
  FileName,
  FolderPath,
  ProcessCommandLine,
  InitiatingProcessFileName,
  InitiatingProcessCommandLine,
  InitiatingProcessParentFileName,
  'RenamedRcloneProcess' AS Signal,
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
  AND (in_ci(ProcessVersionInfoOriginalFileName, detection_list('RcloneVersionInfo'))
    OR in_ci(ProcessVersionInfoInternalFileName, detection_list('RcloneVersionInfo'))
    OR in_ci(ProcessVersionInfoProductName, detection_list('RcloneVersionInfo'))
    OR in_ci(ProcessVersionInfoFileDescription, detection_list('RcloneVersionInfo'))
    OR in_ci(ProcessVersionInfoCompanyName, detection_list('RcloneVersionInfo')))
  AND NOT has_any(FileName, detection_list('RcloneImageNames'))
