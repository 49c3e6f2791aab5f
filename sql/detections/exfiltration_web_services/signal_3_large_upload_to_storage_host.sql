-- LargeUploadToStorageHost: more than WebUploadMinBytes sent in one connection to a storage,
-- file-sharing or webhook host, matched by host (host_in), so a regional S3 endpoint
-- (bucket.s3.us-east-1.amazonaws.com, s3-eu-west-1.amazonaws.com) or a MEGA upload host
-- counts and a look-alike (storage.googleapis.com.example.net) does not. The host needles
-- in has_any are what the line prefilter reads. BytesSent only exists in enriched input.
-- Browsers, the Defender sensor, sync clients and OS components are excluded by name AND install
-- folder (never a name alone). Rows without a process (network inspection) are kept.
-- DeviceNetworkEvents has no AccountName: the initiating process's account stands in for it.
CREATE TEMPORARY VIEW LargeStorageHostUploads AS
SELECT
  `Timestamp`, DeviceName, InitiatingProcessAccountName AS AccountName,
  RemoteUrl, RemoteIP, RemotePort, BytesSent,
  InitiatingProcessFolderPath AS FolderPath,
  InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessParentFileName,
  'LargeUploadToStorageHost' AS Signal, DeviceId, ReportId,
  CASE
    WHEN host_in(RemoteUrl, detection_list('WebUploadSharingHosts')) THEN 'T1567'
    WHEN host_in(RemoteUrl, detection_list('WebUploadNetworkWebhookHosts')) THEN 'T1567.004'
    ELSE 'T1567.002'
  END AS AttackTechnique,
  EventTime AS AlertTime, -- when the alert became known, in event time (tuning: repeats)
  -- for tuning (allowlist conditions), not written to the alerts
  InitiatingProcessFolderPath AS TuningProcessFolderPath,
  InitiatingProcessFolderPath AS TuningInitiatingProcessFolderPath,
  CAST(NULL AS STRING) AS TuningSignerType,
  CAST(NULL AS STRING) AS TuningSignatureStatus
FROM DeviceNetworkEvents
WHERE in_hunt_window(`Timestamp`)
  AND (has_any(RemoteUrl, detection_list('WebUploadStorageHosts'))
    OR has(RemoteUrl, 'amazonaws.com')
    OR has_any(RemoteUrl, detection_list('WebUploadSharingHosts'))
    OR has_any(RemoteUrl, detection_list('WebUploadNetworkWebhookHosts')))
  AND BytesSent > detection_long('WebUploadMinBytes')
  AND (host_in(RemoteUrl, detection_list('WebUploadStorageHosts'))
    OR REGEXP(COALESCE(url_host(RemoteUrl), ''), '(^|\.)s3([.-][a-z0-9]+)*\.amazonaws\.com(\.cn)?$')
    OR host_in(RemoteUrl, detection_list('WebUploadSharingHosts'))
    OR host_in(RemoteUrl, detection_list('WebUploadNetworkWebhookHosts')))
  AND NOT (in_ci(COALESCE(InitiatingProcessFileName, ''), detection_list('WebUploadExcludedImages'))
    AND (has_any(InitiatingProcessFolderPath, detection_list('WebUploadExcludedFolders'))
      -- the kernel's System process has no image path; a user-mode process always has one
      OR (COALESCE(InitiatingProcessFileName, '') = 'System' AND COALESCE(InitiatingProcessFolderPath, '') = '')))
  -- Office apps saving to their own Microsoft 365 storage; to other hosts they count
  AND NOT (in_ci(COALESCE(InitiatingProcessFileName, ''), detection_list('WebUploadMicrosoft365Images'))
    AND has_any(InitiatingProcessFolderPath, detection_list('WebUploadMicrosoft365Folders'))
    AND host_in(RemoteUrl, detection_list('WebUploadMicrosoft365Hosts')))
