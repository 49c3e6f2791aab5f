-- Streams: alerts are appended in arrival order (a stream has no end to sort at).
INSERT INTO Alerts
SELECT * FROM OutputAlerts
