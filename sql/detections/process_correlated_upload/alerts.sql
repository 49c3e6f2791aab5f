-- One alert per process instance, destination and signal per 15-minute tumbling window of the
-- connections' event time (a sync tool makes hundreds of connections: one alert, not hundreds).
-- Window top-1 and window aggregation are insert-only in a stream and run in batch; their join on
-- the same window is a window join. The alert's Timestamp, ReportId and Remote* are the window's
-- first connection (earliest Timestamp, then lowest ReportId: the same in batch and stream), so
-- the pack's de-duplication on (DeviceId, ReportId, Timestamp, Detection, Signal) collapses
-- re-delivered events. EvidenceReportIds: the process event's ReportId (signal 1; signal 2 has
-- none), then the window's connections' ReportIds ascending, each once. AlertTime, when the
-- alert became known (tuning: repeats), is the window's last instant.
CREATE TEMPORARY VIEW CorrelatedUploadAlerts AS
WITH Windowed AS (
  SELECT * FROM TABLE(TUMBLE(TABLE CorrelatedUploadConnections, DESCRIPTOR(EventTime), INTERVAL '15' MINUTE))
),
FirstConnection AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
        PARTITION BY window_start, window_end, Signal, DeviceId, ProcessId, ProcessCreationTime, ProcessReportId, Destination
        ORDER BY `Timestamp` ASC, ReportId ASC) AS rn
    FROM Windowed)
  WHERE rn = 1
),
WindowConnections AS (
  SELECT window_start, window_end, Signal, DeviceId, ProcessId, ProcessCreationTime, ProcessReportId, Destination,
    ARRAY_SORT(ARRAY_AGG(DISTINCT ReportId)) AS ConnectionReportIds
  FROM Windowed
  GROUP BY window_start, window_end, Signal, DeviceId, ProcessId, ProcessCreationTime, ProcessReportId, Destination
)
SELECT
  f.`Timestamp`, f.DeviceName, f.AccountName, f.RemoteUrl, f.RemoteIP, f.RemotePort, f.BytesSent,
  f.FileName, f.ProcessCommandLine,
  f.InitiatingProcessFileName, f.InitiatingProcessCommandLine, f.InitiatingProcessParentFileName,
  f.Signal, f.DeviceId, f.ReportId, 'T1567.002' AS AttackTechnique,
  'process_correlated_upload' AS Detection, f.FolderPath,
  -- signal 2 has no process event (its ProcessReportId is NULL): the connections alone
  CASE WHEN f.ProcessReportId IS NULL THEN c.ConnectionReportIds
    ELSE ARRAY_CONCAT(ARRAY[f.ProcessReportId], c.ConnectionReportIds) END AS EvidenceReportIds,
  f.TuningProcessFolderPath, f.TuningInitiatingProcessFolderPath, f.TuningSignerType, f.TuningSignatureStatus,
  f.window_time AS AlertTime
FROM FirstConnection f
JOIN WindowConnections c
  ON f.window_start = c.window_start AND f.window_end = c.window_end
  AND f.Signal = c.Signal AND f.DeviceId = c.DeviceId AND f.ProcessId = c.ProcessId
  AND f.ProcessCreationTime = c.ProcessCreationTime AND f.ProcessReportId IS NOT DISTINCT FROM c.ProcessReportId
  AND f.Destination = c.Destination
