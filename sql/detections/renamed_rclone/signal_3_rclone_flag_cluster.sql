-- Signal 3: an rclone transfer recognised by its command line whatever the image is called (the
-- version info may be stripped, or the image is an ELF without any). Required: a transfer verb
-- as a word of its own (copy, sync, move, copyto, moveto), then either
--   a remote written name:path (2+ character name or ':backend,...:' form; 'C:' is a drive, and
--   'scheme://' a URL, 'HKLM:\' a PowerShell drive) plus one rclone flag, or
--   a throughput flag plus an unattended-run flag (the ransomware set: --transfers with
--   --ignore-existing/--auto-confirm/--no-check-certificate), with or without a remote.
-- Images named rclone are the seed's CloudSyncTool's.
CREATE TEMPORARY VIEW RcloneFlagClusters AS
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
  'RcloneFlagCluster' AS Signal,
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
  AND (has_any(ProcessCommandLine, detection_list('RcloneThroughputFlags'))
    OR has_any(ProcessCommandLine, detection_list('RcloneUnattendedFlags'))
    OR has_any(ProcessCommandLine, detection_list('RcloneOtherFlags')))
  AND NOT has_any(FileName, detection_list('RcloneImageNames'))
  AND REGEXP(ProcessCommandLine, '(?i)(^|\s)(copy|sync|move|copyto|moveto)(\s|$)')
  AND (REGEXP(ProcessCommandLine, '(?i)(^|[\s"''=])(:[a-z0-9]+(,[^\s"'':]*)?|[a-z0-9][a-z0-9_.-]+):(?!//|\\)')
    OR (has_any(ProcessCommandLine, detection_list('RcloneThroughputFlags'))
      AND has_any(ProcessCommandLine, detection_list('RcloneUnattendedFlags'))))
