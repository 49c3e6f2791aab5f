-- Signal 2: a command line that puts credentials into an rclone config, whatever the image is
-- called: 'config create|update|password <remote> ...' with a credential key followed by a value
-- (user, pass, access_key_id, ... as words of their own, 'key value' or 'key=value'), or 'obscure <secret>' as the first argument (rclone's way to
-- encode a password for a config). A 'config create <remote> <type>' without credentials (Atomic
-- T1567.002 test 1) is left to Signal 1, which sees the config file it writes.
CREATE TEMPORARY VIEW RcloneConfigCreateCommands AS
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
  'RcloneConfigCreateCommand' AS Signal,
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
  -- the verb the first regex needs, as substrings: true whenever it matches, and it keeps the
  -- source from parsing every command line with the common term 'config' (kubeconfig, --config)
  AND ((has(ProcessCommandLine, 'config')
      AND (kql_contains(ProcessCommandLine, 'create') OR kql_contains(ProcessCommandLine, 'update')
        OR kql_contains(ProcessCommandLine, 'password')))
    OR has(ProcessCommandLine, 'obscure'))
  AND ((REGEXP(ProcessCommandLine, '(?i)(^|\s)config\s+["'']?(create|update|password)["'']?\s+\S')
      AND REGEXP(ProcessCommandLine, '(?i)(^|[\s"''])(user|pass|password|access_key_id|secret_access_key|session_token|account|key|sas_url|token|client_secret)["'']?(\s+|=)["'']?[^\s"'']'))
    OR REGEXP(ProcessCommandLine, '(?i)^\s*("[^"]*"|\S+)\s+obscure\s+\S'))
