-- Every alert with the key of the first repeats rule of the tuning file that applies to it (NULL:
-- none does) and the end of the rule's period it falls in. A period is aligned to the UTC day and
-- counted on AlertTime, when the alert became known in event time (its event's time; a window's
-- last instant), so batch and stream put an alert in the same period. repeat_key and
-- repeat_period_end hold the rules as typed values, never SQL text.
CREATE TEMPORARY VIEW KeyedAlerts AS
SELECT *, repeat_period_end(AlertTime, RepeatKey) AS PeriodEnd
FROM (
  SELECT *,
    repeat_key(Detection, Signal, RemoteUrl, RemoteIP, AccountName, InitiatingProcessFileName,
      InitiatingProcessCommandLine, ProcessCommandLine, FileName, FolderPath) AS RepeatKey
  FROM OutputAlerts
)
