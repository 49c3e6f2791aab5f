-- Batch: the KQL's `sort by Timestamp desc`, with DeviceId, ReportId and Signal as tie-breakers so
-- that the output is the same on every run.
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
ORDER BY `Timestamp` DESC, DeviceId, ReportId, Detection, Signal
