-- Per device, storage destination and hour: the bytes sent, and the uploads they came in. The
-- evidence is sorted (ARRAY_AGG keeps arrival order, which differs between runs and modes) and
-- bounded to the 100 lowest ReportIds.
CREATE TEMPORARY VIEW ChunkedUploadTotals AS
SELECT
  window_start,
  window_end,
  DeviceId,
  Destination,
  SUM(BytesSent) AS TotalBytesSent,
  ARRAY_SLICE(ARRAY_SORT(ARRAY_AGG(ReportId)), 1, 100) AS EvidenceReportIds
FROM ChunkedUploadWindows
GROUP BY window_start, window_end, DeviceId, Destination
