-- Streams: alerts are appended in arrival order (a stream has no end to sort at).
-- Timestamp as Defender writes it: UTC, seven fraction digits.
INSERT INTO Alerts
SELECT
  defender_timestamp(`Timestamp`), DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, Signal, DeviceId, ReportId, AttackTechnique
FROM OutputAlerts
