-- --keep-duplicates: every alert, duplicates of a re-delivered event included.
CREATE TEMPORARY VIEW OutputAlerts AS
SELECT
  `Timestamp`, DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, Signal, DeviceId, ReportId, AttackTechnique, Detection, FolderPath,
  EvidenceReportIds, SuppressedBy, AlertTime
FROM CheckedAlerts
