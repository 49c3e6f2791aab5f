-- Signal 1's (process, connection) pairs and signal 2's connections, one row per network event: the input of the
-- alert windows (alerts.sql). EventTime is the connection's, still a time attribute after the
-- interval joins.
CREATE TEMPORARY VIEW CorrelatedUploadConnections AS
SELECT * FROM SyncToolToStorageConnections
UNION ALL
SELECT * FROM UnsignedProcessToStorageApiConnections
