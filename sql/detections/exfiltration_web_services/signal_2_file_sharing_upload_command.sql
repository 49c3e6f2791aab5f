-- FileSharingUploadCommand: a command line that sends data to a file-sharing service (T1567),
-- a paste site's API (T1567.003) or a chat webhook (T1567.004). One signal with the technique
-- per row (a webhook first, then a paste site, else file sharing) so that one command line is
-- one alert. Sending inline text counts here (a webhook or a paste is text), so the markers
-- are the upload markers plus POST forms (-d, --data, -X POST, -Method Post, -Body).
-- Reading (curl -o, wget, pastebin.com/raw, a Discord CDN link) has no marker and no alert.
CREATE TEMPORARY VIEW FileSharingUploadCommands AS
SELECT
  `Timestamp`, DeviceName, AccountName,
  FileName, FolderPath, ProcessCommandLine,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  'FileSharingUploadCommand' AS Signal, DeviceId, ReportId,
  CASE
    WHEN has_any(ProcessCommandLine, detection_list('WebUploadWebhookTargets')) THEN 'T1567.004'
    WHEN has_any(ProcessCommandLine, detection_list('WebUploadPasteTargets')) THEN 'T1567.003'
    ELSE 'T1567'
  END AS AttackTechnique,
  EventTime AS AlertTime, -- when the alert became known, in event time (tuning: repeats)
  -- for tuning (allowlist conditions), not written to the alerts
  FolderPath AS TuningProcessFolderPath,
  InitiatingProcessFolderPath AS TuningInitiatingProcessFolderPath,
  InitiatingProcessSignerType AS TuningSignerType,
  InitiatingProcessSignatureStatus AS TuningSignatureStatus
FROM DeviceProcessEvents
WHERE in_hunt_window(`Timestamp`)
  AND (has_any(ProcessCommandLine, detection_list('WebUploadSharingHosts'))
    OR has_any(ProcessCommandLine, detection_list('WebUploadPasteTargets'))
    OR has_any(ProcessCommandLine, detection_list('WebUploadWebhookTargets')))
  AND (has_any(ProcessCommandLine, detection_list('WebUploadMarkers'))
    OR has_any(ProcessCommandLine, detection_list('WebPostMarkers'))
    -- curl's case-sensitive short flags as in StorageUploadCommand, and -d with any value
    OR REGEXP(ProcessCommandLine, '(^|\s)(-[A-Za-z]{0,3}F\s*["'']?[^\s"''=]*=|-[A-Za-z]{0,3}T(\s+["'']?(?![0-9.]+["'']?(\s|$))\S|["'']|[^\s"'']*[./\\])|-[A-Za-z]{0,3}d(\s|["''@])|(-X\s*|--request[\s=]+)["'']?(PUT|POST))'))
  AND NOT (in_ci(FileName, detection_list('WebUploadExcludedImages'))
    AND has_any(FolderPath, detection_list('WebUploadExcludedFolders')))
