-- The alerts an allowlist entry suppressed, with the entry's id; Timestamp written as in the alerts.
INSERT INTO SuppressedAlerts
SELECT
  defender_timestamp(`Timestamp`), DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, Signal, DeviceId, ReportId, AttackTechnique,
  Detection, FolderPath, EvidenceReportIds, SuppressedBy
FROM ReportedAlerts
WHERE SuppressedBy IS NOT NULL
