-- One real event gives one alert. Defender delivers at least once (duplicated lines are
-- observed), so alerts are de-duplicated on (DeviceId, ReportId, Timestamp, Signal), keeping the
-- first to arrive: in a stream that is Flink's keep-first deduplication, which stays append-only.
CREATE TEMPORARY VIEW OutputAlerts AS
SELECT
  `Timestamp`, DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, Signal, DeviceId, ReportId, AttackTechnique
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY DeviceId, ReportId, `Timestamp`, Signal ORDER BY ArrivalTime) AS rn
  FROM (SELECT *, PROCTIME() AS ArrivalTime FROM HuntAlerts)
)
WHERE rn = 1
