-- Batch: the KQL's `sort by Timestamp desc`, with DeviceId, ReportId and Signal as tie-breakers so
-- that the output is the same on every run.
INSERT INTO Alerts
SELECT * FROM OutputAlerts
ORDER BY `Timestamp` DESC, DeviceId, ReportId, Signal
