package io.cloudexfil.hunt.source.line;

import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class IsoTimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-20T10:00:00.1234567Z", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00.1Z",
        "2026-11-20T10:00:00.123456789Z", "2026-11-20T12:00:00.5+02:00", "2026-11-20T05:30:00-04:30",
        "2024-02-29T23:59:59.9999999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.9Z"})
    void agreesWithJavaTime(String s) {
        Instant expected = OffsetDateTime.parse(s).toInstant();
        TimestampData ts = IsoTimestamps.parse(s);
        assertThat(ts).isNotNull();
        assertThat(ts.toInstant()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "2026-11-20", "2026-11-20 10:00:00Z", "2026-11-20T10:00:00", "2026-13-20T10:00:00Z",
        "2026-02-30T10:00:00Z", "2023-02-29T00:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20T10:00:00.Z",
        "2026-11-20T10:00:00.1234567890Z", "11/20/2026, 10:00:00 AM", "1732096800", "2026-11-20T10:00:00+0200",
        "2026-11-20T10:00:00Zjunk"})
    void rejectsWhatIsNotAnIsoInstant(String s) {
        assertThat(IsoTimestamps.parse(s)).isNull();
    }

    @Test
    void daysFromCivilAgreesWithLocalDateOverFourCenturies() {
        for (LocalDate d = LocalDate.of(1800, 1, 1); d.getYear() < 2200; d = d.plusDays(1)) {
            assertThat(IsoTimestamps.daysFromCivil(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
                    .as(d.toString()).isEqualTo(d.toEpochDay());
        }
    }
}
