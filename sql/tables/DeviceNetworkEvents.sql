-- Microsoft Defender for Endpoint Advanced Hunting table DeviceNetworkEvents, column names and
-- types as documented (sql/tables/README.md §3), plus one column Defender does not have:
-- BytesSent, NULL unless a pipeline enriches network events with byte counts (for example from
-- proxy or firewall logs). Signal 1 (LargeCloudUpload) needs it. There is no AccountName: the
-- user is InitiatingProcessAccountName. The input location is bound at run time.
CREATE TABLE DeviceNetworkEvents (
  `Timestamp` TIMESTAMP_LTZ(7),
  DeviceId STRING,
  DeviceName STRING,
  ActionType STRING,
  RemoteIP STRING,
  RemotePort INT,
  RemoteUrl STRING,
  LocalIP STRING,
  LocalPort INT,
  Protocol STRING,
  LocalIPType STRING,
  RemoteIPType STRING,
  InitiatingProcessSHA1 STRING,
  InitiatingProcessSHA256 STRING,
  InitiatingProcessMD5 STRING,
  InitiatingProcessFileName STRING,
  InitiatingProcessFileSize BIGINT,
  InitiatingProcessVersionInfoCompanyName STRING,
  InitiatingProcessVersionInfoProductName STRING,
  InitiatingProcessVersionInfoProductVersion STRING,
  InitiatingProcessVersionInfoInternalFileName STRING,
  InitiatingProcessVersionInfoOriginalFileName STRING,
  InitiatingProcessVersionInfoFileDescription STRING,
  InitiatingProcessId BIGINT,
  InitiatingProcessCommandLine STRING,
  InitiatingProcessCreationTime TIMESTAMP_LTZ(7),
  InitiatingProcessFolderPath STRING,
  InitiatingProcessParentFileName STRING,
  InitiatingProcessParentId BIGINT,
  InitiatingProcessParentCreationTime TIMESTAMP_LTZ(7),
  InitiatingProcessAccountDomain STRING,
  InitiatingProcessAccountName STRING,
  InitiatingProcessAccountSid STRING,
  InitiatingProcessAccountUpn STRING,
  InitiatingProcessAccountObjectId STRING,
  InitiatingProcessIntegrityLevel STRING,
  InitiatingProcessTokenElevation STRING,
  ReportId BIGINT,
  AppGuardContainerId STRING,
  AdditionalFields STRING,
  InitiatingProcessSessionId BIGINT,
  IsInitiatingProcessRemoteSession BOOLEAN,
  InitiatingProcessRemoteSessionDeviceName STRING,
  InitiatingProcessRemoteSessionIP STRING,
  BytesSent BIGINT,
  -- Event time for streams: millisecond precision, as a watermark needs; rows without a valid
  -- Timestamp never get here (the connector sets them aside). The allowed lateness is bound at
  -- run time (bin/hunt stream --out-of-orderness); batch runs ignore it.
  EventTime AS CAST(`Timestamp` AS TIMESTAMP_LTZ(3)),
  WATERMARK FOR EventTime AS EventTime - INTERVAL '5' MINUTE
) WITH (
  'connector' = 'defender'
)
