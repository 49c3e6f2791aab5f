-- Signal ManySmallUploads: a device sent more than ChunkedUploadMinTotalBytes to one storage
-- destination within one event-time hour (rclone, MEGAcmd, S3 multipart and Dropbox/Drive upload
-- sessions send files in chunks of a few MiB, each below a per-event threshold). A window join:
-- insert-only, its state freed when the watermark passes the window's end.
-- A window whose bytes came in one large event alerts as well: LargeCloudUpload covers only its
-- own list, and the two are told apart by Signal.
CREATE TEMPORARY VIEW ManySmallUploads AS
SELECT
  l.`Timestamp`,
  l.DeviceName,
  l.AccountName,
  t.Destination,
  l.RemoteIP,
  l.RemotePort,
  t.TotalBytesSent AS BytesSent,
  l.InitiatingProcessFileName,
  l.InitiatingProcessCommandLine,
  l.InitiatingProcessParentFileName,
  l.InitiatingProcessFolderPath,
  'ManySmallUploads' AS Signal,
  t.DeviceId,
  l.ReportId,
  t.EvidenceReportIds,
  l.window_time AS AlertTime -- the window's last instant: when the alert became known (tuning: repeats)
FROM ChunkedUploadTotals AS t
JOIN ChunkedUploadLast AS l
  ON t.window_start = l.window_start AND t.window_end = l.window_end
  AND t.DeviceId = l.DeviceId AND t.Destination = l.Destination
WHERE t.TotalBytesSent > detection_long('ChunkedUploadMinTotalBytes')
