-- --keep-duplicates: every alert, duplicates of a re-delivered event included.
CREATE TEMPORARY VIEW OutputAlerts AS
SELECT * FROM HuntAlerts
