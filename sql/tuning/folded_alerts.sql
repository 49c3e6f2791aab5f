-- With repeats rules: the alerts no rule applies to (and those an allowlist entry suppressed) as
-- they are, and one alert per rule's period and key for the others (RepeatGroups).
CREATE TEMPORARY VIEW ReportedAlerts AS
SELECT
  `Timestamp`, DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, Signal, DeviceId, ReportId, AttackTechnique, Detection, FolderPath,
  EvidenceReportIds, SuppressedBy, CAST(1 AS BIGINT) AS Repeats
FROM KeyedAlerts
WHERE SuppressedBy IS NOT NULL OR RepeatKey IS NULL
UNION ALL
SELECT
  `Timestamp`, DeviceName, AccountName, RemoteUrl, RemoteIP, RemotePort, BytesSent, FileName,
  ProcessCommandLine, InitiatingProcessFileName, InitiatingProcessCommandLine,
  InitiatingProcessParentFileName, Signal, DeviceId, ReportId, AttackTechnique, Detection, FolderPath,
  EvidenceReportIds, CAST(NULL AS STRING) AS SuppressedBy, Repeats
FROM RepeatGroups
