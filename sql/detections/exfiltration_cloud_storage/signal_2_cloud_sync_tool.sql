-- Signal 2 (KQL `let CloudSyncTools`): rclone or dedicated cloud sync tools executing.
--   DeviceProcessEvents | where Timestamp > ago(24h)
--   | where FileName has_any (CloudSyncBinaries) or ProcessCommandLine has_any (SyncToolCommands)
CREATE TEMPORARY VIEW CloudSyncTools AS
SELECT
  `Timestamp`,
  DeviceName,
  AccountName,
  FileName,
  ProcessCommandLine,
  InitiatingProcessFileName,
  InitiatingProcessCommandLine,
  InitiatingProcessParentFileName,
  'CloudSyncTool' AS Signal,
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
  AND (has_any(FileName, detection_list('CloudSyncBinaries'))
    OR has_any(ProcessCommandLine, detection_list('SyncToolCommands')))
