-- Each upload in its one-hour event-time window (TUMBLE, aligned to the hour in UTC; an event at
-- exactly window_end belongs to the next window), once: Defender delivers events at least once, and
-- a re-delivered line (same DeviceId, ReportId, Timestamp) must not add its bytes twice.
-- A window Top-N keeps the result insert-only, and frees its state once the watermark passes the
-- window's end. The window size is a literal (Flink takes no parameter there): detection.yml says so.
CREATE TEMPORARY VIEW ChunkedUploadWindows AS
SELECT *
FROM (
  SELECT *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, DeviceId, Destination, ReportId, `Timestamp`
      ORDER BY BytesSent DESC) AS copy_no
  FROM TABLE(TUMBLE(TABLE ChunkedUploadEvents, DESCRIPTOR(EventTime), INTERVAL '1' HOUR))
)
WHERE copy_no = 1
