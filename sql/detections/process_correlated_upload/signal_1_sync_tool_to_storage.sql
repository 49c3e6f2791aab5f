-- Signal 1 (SyncToolToStorage): a sync tool (by name, or renamed: its PE version info still says
-- rclone/azcopy/...), or a command line with upload flags, AND a connection of that same process
-- instance to a storage host. The network side needs no byte count: Defender has none.
-- Process instance = (DeviceId, ProcessId, ProcessCreationTime): a PID alone is reused. The
-- creation times are compared to the millisecond, as the tables' event times are (an export
-- writing 6 digits in one table and 7 in the other still joins; a reused PID cannot share it).
-- Interval join on event time: the connection lies between 1 minute before the process event
-- (the ProcessCreated event is stamped after the process exists: a fast first connection can
-- precede it) and 1 hour after it. Later connections are not correlated (detection.yml, known_gaps).
-- has_any beside host_in is for the source's prefilter; host_in is the exact test by host.
CREATE TEMPORARY VIEW SyncToolToStorageConnections AS
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
  matched_domain(n.RemoteUrl, detection_list('CorrelatedStorageDomains')) AS Destination,
  'SyncToolToStorage' AS Signal,
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
  AND (has_any(p.FileName, detection_list('CorrelatedSyncTools'))
    OR has_any(p.ProcessVersionInfoOriginalFileName, detection_list('CorrelatedSyncTools'))
    OR has_any(p.ProcessVersionInfoProductName, detection_list('CorrelatedSyncTools'))
    OR has_any(p.ProcessCommandLine, detection_list('CorrelatedUploadMarkers'))
    -- curl's upload flags, in their case: -t (telnet option) and -f (fail) are not uploads
    OR has_cs(p.ProcessCommandLine, ' -T ')
    OR has_cs(p.ProcessCommandLine, ' -F '))
  AND in_hunt_window(n.`Timestamp`)
  -- the same test on the connection's InitiatingProcess* columns, which describe the same process
  -- instance (the join key): true for every pair, and it lets the source pass over the ~6% of
  -- connection lines that reach a storage host from any other process
  AND (has_any(n.InitiatingProcessFileName, detection_list('CorrelatedSyncTools'))
    OR has_any(n.InitiatingProcessVersionInfoOriginalFileName, detection_list('CorrelatedSyncTools'))
    OR has_any(n.InitiatingProcessVersionInfoProductName, detection_list('CorrelatedSyncTools'))
    OR has_any(n.InitiatingProcessCommandLine, detection_list('CorrelatedUploadMarkers'))
    OR has_cs(n.InitiatingProcessCommandLine, ' -T ')
    OR has_cs(n.InitiatingProcessCommandLine, ' -F '))
  AND has_any(n.RemoteUrl, detection_list('CorrelatedStorageDomains'))
  AND host_in(n.RemoteUrl, detection_list('CorrelatedStorageDomains'))
