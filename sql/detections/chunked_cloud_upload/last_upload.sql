-- The last upload of each device, destination and hour (latest Timestamp, then highest ReportId):
-- the alert carries its time, ReportId and process. It need not be the one whose bytes crossed
-- the threshold, but it is the last the alert rests on, and deterministic in batch and stream.
CREATE TEMPORARY VIEW ChunkedUploadLast AS
SELECT *
FROM (
  SELECT *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, DeviceId, Destination
      ORDER BY `Timestamp` DESC, ReportId DESC) AS recency
  FROM ChunkedUploadWindows
)
WHERE recency = 1
