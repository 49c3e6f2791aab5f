-- Signal 2 (UnsignedProcessToStorageApi): a process that is neither a browser nor a sanctioned
-- sync client, run from a user-writable folder (or a script host running a script from one),
-- connecting to a storage API (Graph, Google Drive, Dropbox, MEGA, Box): implants such as
-- CreepyDrive. Neither table says whether the CREATED process is signed (DeviceProcessEvents'
-- signer columns describe its parent; DeviceNetworkEvents has none), so "unsigned or untrusted"
-- is approximated by where the image or script lies (detection.yml, known_gaps).
-- No join: the connection row carries the connecting process's image, folder, command line and
-- PE original name (InitiatingProcess*), all this signal tests. A join would make every process
-- event from a user-writable folder (~7% of them) be read and parsed for the sake of the rare
-- one that reaches a storage API; the process side cannot be narrowed by the network side.
-- The process event's own parent (command line, grandparent, signer) is not in the row: NULL.
-- Its columns are those of signal 1's pairs (process columns from the connecting process).
CREATE TEMPORARY VIEW UnsignedProcessToStorageApiConnections AS
SELECT
  n.DeviceId,
  n.DeviceName,
  n.InitiatingProcessAccountName AS AccountName,
  n.InitiatingProcessFileName AS FileName,
  n.InitiatingProcessFolderPath AS FolderPath,
  n.InitiatingProcessCommandLine AS ProcessCommandLine,
  -- the connecting process's parent, as the process event's InitiatingProcessFileName
  n.InitiatingProcessParentFileName AS InitiatingProcessFileName,
  CAST(NULL AS STRING) AS InitiatingProcessCommandLine,
  CAST(NULL AS STRING) AS InitiatingProcessParentFileName,
  n.InitiatingProcessId AS ProcessId,
  n.InitiatingProcessCreationTime AS ProcessCreationTime,
  -- no process event: the evidence is the connections alone (alerts.sql)
  CAST(NULL AS BIGINT) AS ProcessReportId,
  n.`Timestamp`,
  n.ReportId,
  n.RemoteUrl,
  n.RemoteIP,
  n.RemotePort,
  n.BytesSent,
  matched_domain(n.RemoteUrl, detection_list('CorrelatedStorageApiHosts')) AS Destination,
  'UnsignedProcessToStorageApi' AS Signal,
  -- for tuning (allowlist conditions), not written to the alerts; the parent's folder and
  -- signature are not in the connection row
  n.InitiatingProcessFolderPath AS TuningProcessFolderPath,
  CAST(NULL AS STRING) AS TuningInitiatingProcessFolderPath,
  CAST(NULL AS STRING) AS TuningSignerType,
  CAST(NULL AS STRING) AS TuningSignatureStatus,
  n.EventTime
FROM DeviceNetworkEvents n
WHERE in_hunt_window(n.`Timestamp`)
  AND (has_any(n.InitiatingProcessFolderPath, detection_list('CorrelatedUserWritableFolders'))
    OR (in_ci(n.InitiatingProcessFileName, detection_list('CorrelatedScriptHosts'))
      AND has_any(n.InitiatingProcessCommandLine, detection_list('CorrelatedUserWritableFolders'))))
  -- a browser installed per user (chrome.exe under AppData): its name and its PE's original name
  AND NOT (in_ci(n.InitiatingProcessFileName, detection_list('CorrelatedBrowsers'))
    AND in_ci(n.InitiatingProcessVersionInfoOriginalFileName, detection_list('CorrelatedBrowsers')))
  -- sync clients and apps that install per user (OneDrive.exe under AppData\Local\Microsoft\OneDrive\)
  AND NOT has_any(n.InitiatingProcessFolderPath, detection_list('CorrelatedSanctionedClientFolders'))
  AND has_any(n.RemoteUrl, detection_list('CorrelatedStorageApiHosts'))
  AND host_in(n.RemoteUrl, detection_list('CorrelatedStorageApiHosts'))
