package io.cloudexfil.hunt.cli;

import org.junit.jupiter.api.Test;

import static io.cloudexfil.hunt.cli.QueryErrorsTest.SAMPLE;
import static io.cloudexfil.hunt.cli.QueryErrorsTest.query;
import static org.assertj.core.api.Assertions.assertThat;

/** bin/hunt query's runs (a local cluster in this JVM): a failure's real cause, and --from/--to. */
class QueryCommandITCase {

    @Test
    void aFailureAtRunTimeShowsItsCause() {
        QueryErrorsTest.Run r = query("SELECT CAST(FileName AS TIMESTAMP) AS t FROM DeviceProcessEvents", "--input", SAMPLE);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Failed to fetch next result")
                .contains("DateTimeParseException");
    }

    @Test
    void fromAndToKeepTheWindowsEventsOnly() {
        QueryErrorsTest.Run all = query("SELECT COUNT(*) AS n FROM DeviceProcessEvents", "--input", SAMPLE);
        QueryErrorsTest.Run where = query("SELECT COUNT(*) AS n FROM DeviceProcessEvents WHERE `Timestamp` >= "
                + "TO_TIMESTAMP_LTZ('2026-11-20 00:00:00', 'yyyy-MM-dd HH:mm:ss') AND `Timestamp` < "
                + "TO_TIMESTAMP_LTZ('2026-11-20 12:00:00', 'yyyy-MM-dd HH:mm:ss')", "--input", SAMPLE);
        QueryErrorsTest.Run window = query("SELECT COUNT(*) AS n FROM DeviceProcessEvents", "--input", SAMPLE,
                "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-20T12:00:00Z");
        assertThat(window.exit()).as(window.err()).isZero();
        assertThat(window.out()).isEqualTo(where.out()).isNotEqualTo(all.out()).isNotEqualTo("{\"n\":0}\n");
    }
}
