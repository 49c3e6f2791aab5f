-- Batch: the KQL's `sort by Timestamp desc`, with DeviceId, ReportId and Signal as tie-breakers so
-- that the output is the same on every run.
-- Timestamp as Defender writes it: UTC, seven fraction digits.
INSERT INTO Alerts
SELECT
  defender_timestamp(`Timestamp`), DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, Signal, DeviceId, ReportId, AttackTechnique
FROM OutputAlerts
ORDER BY `Timestamp` DESC, DeviceId, ReportId, Signal
