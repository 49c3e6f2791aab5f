-- Signal 1: rclone's configuration file created, modified or renamed into place, wherever it lies
-- (%APPDATA%\rclone\, ~/.config/rclone/ on Linux and macOS, or a --config path). The remotes and
-- their credentials live in it, so it is written before the first copy. Reads are not file
-- events. An installer (RcloneConfigInstallers) writing under Program Files (RcloneConfigInstallerFolders) is a packaged product's
-- default config; any other writer there still alerts.
CREATE TEMPORARY VIEW RcloneConfigWrites AS
SELECT
  `Timestamp`,
  DeviceName,
  InitiatingProcessAccountName AS AccountName,
  FileName,
  FolderPath,
  InitiatingProcessFileName,
  InitiatingProcessCommandLine,
  InitiatingProcessParentFileName,
  'RcloneConfigWritten' AS Signal,
  DeviceId,
  ReportId,
  EventTime AS AlertTime, -- when the alert became known, in event time (tuning: repeats)
  -- for tuning (allowlist conditions), not written to the alerts
  InitiatingProcessFolderPath AS TuningProcessFolderPath,
  InitiatingProcessFolderPath AS TuningInitiatingProcessFolderPath,
  CAST(NULL AS STRING) AS TuningSignerType,
  CAST(NULL AS STRING) AS TuningSignatureStatus
FROM DeviceFileEvents
WHERE in_hunt_window(`Timestamp`)
  AND in_ci(FileName, detection_list('RcloneConfigFileNames'))
  AND in_ci(ActionType, detection_list('RcloneConfigWriteActions'))
  AND NOT (has_any(FolderPath, detection_list('RcloneConfigInstallerFolders'))
    AND in_ci(InitiatingProcessFileName, detection_list('RcloneConfigInstallers')))
