package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.TestRepo;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/hunt query's errors say what to write instead. Each fails while planning: no job runs.
 */
class QueryErrorsTest {

    static final String SAMPLE = TestRepo.root().resolve("test-data/sample/input").toString();

    record Run(int exit, String out, String err) {}

    static Run query(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "query";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = HuntCli.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    static String error(String... args) {
        Run r = query(args);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("hunt query: ");
        return r.err().strip();
    }

    @Test
    void aReservedWordSaysHowToQuoteIt() {
        assertThat(error("SELECT Timestamp, FileName FROM DeviceProcessEvents", "--input", SAMPLE))
                .contains("Timestamp is a reserved word in Flink SQL: write `Timestamp`");
    }

    @Test
    void aWrongTableNameListsTheTables() {
        assertThat(error("SELECT * FROM DeviceProcesEvents", "--input", SAMPLE))
                .contains("no table 'DeviceProcesEvents'")
                .contains("did you mean DeviceProcessEvents?")
                .contains("DeviceNetworkEvents");
    }

    @Test
    void aTableWithoutInputSaysThatInputIsNeeded() {
        assertThat(error("SELECT * FROM DeviceProcessEvents"))
                .contains("DeviceProcessEvents needs --input ROOT")
                .doesNotContain("Object 'DeviceProcessEvents' not found");
    }

    @Test
    void aWrongFunctionNameListsTheKqlFunctions() {
        assertThat(error("SELECT hass(FileName, 'x') FROM DeviceProcessEvents", "--input", SAMPLE))
                .contains("no function hass")
                .contains("did you mean has?")
                .contains("has_any", "kql_contains", "detection_list")
                .doesNotContain("hasany"); // the planner's aliases are not for users
    }

    @Test
    void containsAndKqlPipesGetAHint() {
        assertThat(error("SELECT FileName FROM DeviceProcessEvents WHERE contains(FileName, 'x')", "--input", SAMPLE))
                .contains("kql_contains(FileName, 'x')");
        assertThat(error("DeviceProcessEvents | where FileName has 'x'", "--input", SAMPLE))
                .contains("this is Flink SQL, not KQL")
                .contains("SELECT * FROM DeviceProcessEvents WHERE has(");
    }

    @Test
    void aDefenderTablesWrongOptionsAreOneLineThatSaysWhatToSet() {
        assertThat(error("CREATE TABLE T (`Timestamp` TIMESTAMP_LTZ(7)) WITH ('connector' = 'defender', "
                + "'table' = 'DeviceProcessEvents'); SELECT * FROM T"))
                .startsWith("hunt query: defender connector: set 'path' (files) or 'kafka.bootstrap-servers' (a topic)");
        assertThat(error("CREATE TABLE T (`Timestamp` TIMESTAMP_LTZ(7)) WITH ('connector' = 'defender', "
                + "'path' = '" + SAMPLE + "'); SELECT * FROM T"))
                .startsWith("hunt query: defender connector: unsupported table 'T'; supported: DeviceProcessEvents");
        assertThat(error("CREATE TABLE T (`Timestamp` TIMESTAMP_LTZ(7)) WITH ('connector' = 'defender', "
                + "'table' = 'DeviceProcessEvents', 'kafka.bootstrap-servers' = 'localhost:9092'); SELECT * FROM T"))
                .startsWith("hunt query: defender connector: 'kafka.topic' is required with 'kafka.bootstrap-servers'");
        assertThat(error("CREATE TABLE T (`Timestamp` TIMESTAMP_LTZ(7)) WITH ('connector' = 'defender', "
                + "'table' = 'DeviceProcessEvents', 'path' = '" + SAMPLE + "', 'run-tables' = 'DeviceFooEvents'); "
                + "SELECT * FROM T"))
                .startsWith("hunt query: defender connector: 'run-tables': not a table this product reads: 'DeviceFooEvents'");
    }
}
