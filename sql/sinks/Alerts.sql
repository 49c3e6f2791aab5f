-- The alert output: the KQL union's columns by name, plus DeviceId, ReportId, the ATT&CK
-- technique, the detection, a folder path and the evidence. JSON lines; the path and sink
-- parallelism are bound at run time.
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
  AttackTechnique STRING,
  Detection STRING, -- the detection's folder under sql/detections
  FolderPath STRING, -- the process image's, initiating process's or file's folder; NULL if the detection has none
  EvidenceReportIds ARRAY<BIGINT>, -- the ReportIds (same DeviceId) of every event the alert rests on
  Repeats BIGINT -- the alerts this one stands for: 1, or more under a repeats rule of the tuning file
) WITH (
  'connector' = 'filesystem',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.encode.ignore-null-fields' = 'false'
)
