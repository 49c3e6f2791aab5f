-- The outbound transfers ManySmallUploads adds up: network events with a byte count to a storage
-- service of ChunkedUploadStorageDomains. Destination is the list entry the host lies under, so
-- MEGA's many gfsNNNn.userstorage.mega.co.nz upload hosts are one destination (mega.co.nz) and
-- every bucket of one S3 region is one (s3.eu-west-1.amazonaws.com).
-- has_any on the same list is what the source's prefilter can use; matched_domain is the precise
-- host test (has_any would also match the domain in a URL's path).
-- A sync client in its install folder talking to its own service (ChunkedUploadSyncClients,
-- ChunkedUploadSyncClientFolders), or an Office/Teams app to Microsoft 365 storage (same lists),
-- is not counted at all. Browsers, Defender's sensor and OS components (ChunkedUploadExcludedImages
-- in ChunkedUploadExcludedFolders) are not counted to any destination: both the name and the
-- folder must match, as attackers name rclone chrome.exe or svchost.exe. The kernel's System
-- process has no image path; a user-mode process always has one, so an empty path is the test.
-- Rows without a process (network inspection) are counted: nothing shows them to be benign.
-- DeviceNetworkEvents has no AccountName: the initiating process's account stands in for it.
CREATE TEMPORARY VIEW ChunkedUploadEvents AS
SELECT
  `Timestamp`,
  EventTime,
  DeviceId,
  DeviceName,
  InitiatingProcessAccountName AS AccountName,
  matched_domain(RemoteUrl, detection_list('ChunkedUploadStorageDomains')) AS Destination,
  RemoteIP,
  RemotePort,
  BytesSent,
  InitiatingProcessFileName,
  InitiatingProcessCommandLine,
  InitiatingProcessParentFileName,
  InitiatingProcessFolderPath,
  ReportId
FROM DeviceNetworkEvents
WHERE in_hunt_window(`Timestamp`)
  AND has_any(RemoteUrl, detection_list('ChunkedUploadStorageDomains'))
  AND BytesSent > 0
  AND matched_domain(RemoteUrl, detection_list('ChunkedUploadStorageDomains')) IS NOT NULL
  AND NOT (
    in_ci(CONCAT(COALESCE(InitiatingProcessFileName, ''), '@',
        matched_domain(RemoteUrl, detection_list('ChunkedUploadStorageDomains'))),
      detection_list('ChunkedUploadSyncClients'))
    AND has_any(InitiatingProcessFolderPath, detection_list('ChunkedUploadSyncClientFolders')))
  AND NOT (
    in_ci(COALESCE(InitiatingProcessFileName, ''), detection_list('ChunkedUploadExcludedImages'))
    AND (has_any(InitiatingProcessFolderPath, detection_list('ChunkedUploadExcludedFolders'))
      OR (COALESCE(InitiatingProcessFileName, '') = 'System' AND COALESCE(InitiatingProcessFolderPath, '') = '')))
