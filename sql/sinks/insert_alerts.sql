-- Streams: alerts are appended in arrival order (a stream has no end to sort at).
-- Timestamp as Defender writes it: UTC, seven fraction digits. Every alert's Signal passes through
-- counted_signal, which counts alerts per signal as job metrics. Alerts an allowlist entry
-- suppresses go to sinks/insert_suppressed.sql instead.
INSERT INTO Alerts
SELECT
  defender_timestamp(`Timestamp`), DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, counted_signal(Signal) AS Signal, DeviceId, ReportId, AttackTechnique,
  Detection, FolderPath, EvidenceReportIds, Repeats
FROM ReportedAlerts
WHERE SuppressedBy IS NULL
