-- One real event gives one alert. Defender delivers at least once (duplicated lines are
-- observed), so alerts are de-duplicated on (DeviceId, ReportId, Timestamp, Detection, Signal),
-- keeping the first to arrive: in a stream that is Flink's keep-first deduplication, which stays
-- append-only. An alert built from several events carries the ReportId and Timestamp of the one
-- that completed it, so a re-delivered event does not make a second alert either.
CREATE TEMPORARY VIEW OutputAlerts AS
SELECT
  `Timestamp`, DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, Signal, DeviceId, ReportId, AttackTechnique, Detection, FolderPath,
  EvidenceReportIds, SuppressedBy, AlertTime
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY DeviceId, ReportId, `Timestamp`, Detection, Signal ORDER BY ArrivalTime) AS rn
  FROM (SELECT *, PROCTIME() AS ArrivalTime FROM CheckedAlerts)
)
WHERE rn = 1
