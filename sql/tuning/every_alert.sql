-- No repeats rule in the tuning file (or no file): every alert is written, each standing for itself.
CREATE TEMPORARY VIEW ReportedAlerts AS
SELECT
  `Timestamp`, DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, Signal, DeviceId, ReportId, AttackTechnique, Detection, FolderPath,
  EvidenceReportIds, SuppressedBy, CAST(1 AS BIGINT) AS Repeats
FROM OutputAlerts
