-- The KQL string operators used by every detection. Run by the application before any other
-- statement, and usable as an init script of the Flink SQL Client:
--   sql-client.sh -j cloudexfil-udfs.jar -i sql/functions.sql
-- The one file in sql/ with more than one statement: it is a registration script, not a query.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS has AS 'io.cloudexfil.kql.Has' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS has_cs AS 'io.cloudexfil.kql.HasCs' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS has_any AS 'io.cloudexfil.kql.HasAny' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS has_all AS 'io.cloudexfil.kql.HasAll' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS hasprefix AS 'io.cloudexfil.kql.HasPrefix' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS hassuffix AS 'io.cloudexfil.kql.HasSuffix' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS in_ci AS 'io.cloudexfil.kql.InCi' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS equals_ci AS 'io.cloudexfil.kql.EqualsCi' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS kql_contains AS 'io.cloudexfil.kql.KqlContains' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS kql_startswith AS 'io.cloudexfil.kql.KqlStartsWith' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS kql_endswith AS 'io.cloudexfil.kql.KqlEndsWith' LANGUAGE JAVA;
-- The same functions under names without underscores. Flink hands a filter to a table source only
-- after looking each function up by its name with '_' removed (`has_any` -> `hasany`); without
-- these, the Defender source could not see the detection's filters and would parse every line.
-- Queries should use the names above.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS hascs AS 'io.cloudexfil.kql.HasCs' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS hasany AS 'io.cloudexfil.kql.HasAny' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS hasall AS 'io.cloudexfil.kql.HasAll' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS inci AS 'io.cloudexfil.kql.InCi' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS equalsci AS 'io.cloudexfil.kql.EqualsCi' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS kqlcontains AS 'io.cloudexfil.kql.KqlContains' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS kqlstartswith AS 'io.cloudexfil.kql.KqlStartsWith' LANGUAGE JAVA;
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS kqlendswith AS 'io.cloudexfil.kql.KqlEndsWith' LANGUAGE JAVA;
