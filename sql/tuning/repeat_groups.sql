-- One alert per device, detection, signal and repeat key per period of its rule: the period's
-- first (earliest AlertTime, Timestamp, ReportId: the same in batch and stream), with how many
-- alerts it stands for. Periods differ per rule, and a window's size is a literal, so the window
-- cumulates over the UTC day in 15-minute steps and each alert is kept only in the one cumulative
-- window that ends where its period ends (every period is a multiple of 15 minutes that divides a
-- day: the tuning file is checked for it). A stream writes the group once the watermark passes
-- the period's end; its state is freed then, and all of it at the day's end.
CREATE TEMPORARY VIEW RepeatGroups AS
WITH Periods AS (
  SELECT *
  FROM TABLE(CUMULATE(TABLE KeyedAlerts, DESCRIPTOR(AlertTime), INTERVAL '15' MINUTE, INTERVAL '1' DAY))
  WHERE SuppressedBy IS NULL AND RepeatKey IS NOT NULL AND window_end = PeriodEnd
),
FirstAlert AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
        PARTITION BY window_start, window_end, DeviceId, Detection, Signal, RepeatKey
        ORDER BY AlertTime ASC, `Timestamp` ASC, ReportId ASC) AS rn
    FROM Periods)
  WHERE rn = 1
),
Counts AS (
  SELECT window_start, window_end, DeviceId, Detection, Signal, RepeatKey, COUNT(*) AS Repeats
  FROM Periods
  GROUP BY window_start, window_end, DeviceId, Detection, Signal, RepeatKey
)
SELECT
  f.`Timestamp`, f.DeviceName, f.AccountName, f.RemoteUrl, f.RemoteIP, f.RemotePort, f.BytesSent, f.FileName,
  f.ProcessCommandLine, f.InitiatingProcessFileName, f.InitiatingProcessCommandLine,
  f.InitiatingProcessParentFileName, f.Signal, f.DeviceId, f.ReportId, f.AttackTechnique, f.Detection, f.FolderPath,
  f.EvidenceReportIds, c.Repeats
FROM FirstAlert f
JOIN Counts c
  ON f.window_start = c.window_start AND f.window_end = c.window_end AND f.DeviceId = c.DeviceId
  AND f.Detection = c.Detection AND f.Signal = c.Signal AND f.RepeatKey = c.RepeatKey
