-- Alerts an allowlist entry of the tuning file suppressed (bin/hunt --show-suppressed): the alert
-- columns of sinks/Alerts.sql and the id of the entry that matched. JSON lines under
-- OUT/_suppressed/; the path is bound at run time.
CREATE TABLE SuppressedAlerts (
  `Timestamp` STRING,
  DeviceName STRING,
  AccountName STRING,
  RemoteUrl STRING,
  RemoteIP STRING,
  RemotePort INT,
  BytesSent BIGINT,
  FileName STRING,
  ProcessCommandLine STRING,
  InitiatingProcessFileName STRING,
  InitiatingProcessCommandLine STRING,
  InitiatingProcessParentFileName STRING,
  Signal STRING,
  DeviceId STRING,
  ReportId BIGINT,
  AttackTechnique STRING,
  Detection STRING,
  FolderPath STRING,
  EvidenceReportIds ARRAY<BIGINT>,
  SuppressedBy STRING, -- the allowlist entry's id
  AlertId STRING -- the id the alert would have had (alert_id)
) WITH (
  'connector' = 'filesystem',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.encode.ignore-null-fields' = 'false'
)
