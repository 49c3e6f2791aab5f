-- Every alert of the run with the allowlist entry of the tuning file (--config) that suppresses it,
-- or NULL. allowlist_entry holds the file's entries as typed values (never SQL text) and counts
-- each entry's matches as a job metric (group cloudexfil, counter suppressed, variable entry). The
-- Tuning* columns are the context every detection's output view carries for it.
CREATE TEMPORARY VIEW CheckedAlerts AS
SELECT *,
  allowlist_entry(Detection, Signal, DeviceId, DeviceName, AccountName, InitiatingProcessFileName,
    TuningInitiatingProcessFolderPath, InitiatingProcessParentFileName, TuningProcessFolderPath,
    ProcessCommandLine, InitiatingProcessCommandLine, RemoteUrl, TuningSignerType,
    TuningSignatureStatus) AS SuppressedBy
FROM HuntAlerts
