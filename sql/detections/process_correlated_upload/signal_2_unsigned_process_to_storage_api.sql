-- Signal 2 (UnsignedProcessToStorageApi): a process that is neither a browser nor a sanctioned
-- sync client, run from a user-writable folder (or a script host running a script from one),
-- connecting to a storage API (Graph, Google Drive, Dropbox, MEGA, Box): implants such as
-- CreepyDrive. Neither table says whether the CREATED process is signed (DeviceProcessEvents'
-- signer columns describe its parent; DeviceNetworkEvents has none), so "unsigned or untrusted"
-- is approximated by where the image or script lies (detection.yml, known_gaps).
-- Same process-instance interval join as signal 1.
CREATE TEMPORARY VIEW UnsignedProcessToStorageApiConnections AS
SELECT
  p.DeviceId,
  p.DeviceName,
  p.AccountName,
  p.FileName,
  p.FolderPath,
  p.ProcessCommandLine,
  p.InitiatingProcessFileName,
  p.InitiatingProcessCommandLine,
  p.InitiatingProcessParentFileName,
  p.ProcessId,
  p.ProcessCreationTime,
  p.ReportId AS ProcessReportId,
  n.`Timestamp`,
  n.ReportId,
  n.RemoteUrl,
  n.RemoteIP,
  n.RemotePort,
  n.BytesSent,
  matched_domain(n.RemoteUrl, detection_list('CorrelatedStorageApiHosts')) AS Destination,
  'UnsignedProcessToStorageApi' AS Signal,
  -- for tuning (allowlist conditions), not written to the alerts
  p.FolderPath AS TuningProcessFolderPath,
  p.InitiatingProcessFolderPath AS TuningInitiatingProcessFolderPath,
  p.InitiatingProcessSignerType AS TuningSignerType,
  p.InitiatingProcessSignatureStatus AS TuningSignatureStatus,
  n.EventTime
FROM DeviceProcessEvents p
JOIN DeviceNetworkEvents n
  ON n.DeviceId = p.DeviceId
  AND n.InitiatingProcessId = p.ProcessId
  AND CAST(n.InitiatingProcessCreationTime AS TIMESTAMP_LTZ(3)) = CAST(p.ProcessCreationTime AS TIMESTAMP_LTZ(3))
  AND n.EventTime BETWEEN p.EventTime - INTERVAL '1' MINUTE AND p.EventTime + INTERVAL '1' HOUR
WHERE in_hunt_window(p.`Timestamp`)
  AND (has_any(p.FolderPath, detection_list('CorrelatedUserWritableFolders'))
    OR (in_ci(p.FileName, detection_list('CorrelatedScriptHosts'))
      AND has_any(p.ProcessCommandLine, detection_list('CorrelatedUserWritableFolders'))))
  -- a browser installed per user (chrome.exe under AppData): its name and its PE's original name
  AND NOT (in_ci(p.FileName, detection_list('CorrelatedBrowsers'))
    AND in_ci(p.ProcessVersionInfoOriginalFileName, detection_list('CorrelatedBrowsers')))
  -- sync clients and apps that install per user (OneDrive.exe under AppData\Local\Microsoft\OneDrive\)
  AND NOT has_any(p.FolderPath, detection_list('CorrelatedSanctionedClientFolders'))
  AND in_hunt_window(n.`Timestamp`)
  AND has_any(n.RemoteUrl, detection_list('CorrelatedStorageApiHosts'))
  AND host_in(n.RemoteUrl, detection_list('CorrelatedStorageApiHosts'))
