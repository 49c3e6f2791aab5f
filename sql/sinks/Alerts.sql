-- The alert output: the KQL union's columns by name, plus DeviceId, ReportId and the ATT&CK
-- technique. JSON lines; the path and sink parallelism are bound at run time.
CREATE TABLE Alerts (
  `Timestamp` STRING, -- as Defender writes it: UTC, 7 fraction digits (defender_timestamp)
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
  AttackTechnique STRING
) WITH (
  'connector' = 'filesystem',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.encode.ignore-null-fields' = 'false'
)
