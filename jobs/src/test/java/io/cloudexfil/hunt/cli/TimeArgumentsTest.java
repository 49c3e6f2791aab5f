package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.functions.HuntWindow;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeArgumentsTest {

    @Test
    void durations() {
        assertThat(TimeArguments.parseDuration("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(TimeArguments.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(TimeArguments.parseDuration("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(TimeArguments.parseDuration("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> TimeArguments.parseDuration("1 day")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void durationsPrintAsTheyAreWritten() {
        assertThat(TimeArguments.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(TimeArguments.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(TimeArguments.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(TimeArguments.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(TimeArguments.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(TimeArguments.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }

    @Test
    void parallelismZeroIsAUsageError() {
        for (String command : new String[] {"batch", "stream"}) {
            GenerateCommandTest.Run r = GenerateCommandTest.hunt(command, "--input", "x", "--output", "y", "--parallelism", "0");
            assertThat(r.exit()).as(command).isEqualTo(2);
            assertThat(r.err()).contains("--parallelism must be 1 or more");
        }
    }

    @Test
    void instants() {
        assertThat(TimeArguments.parseInstant("2026-11-20T10:00:00Z")).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(TimeArguments.parseInstant("2026-11-20T12:00:00+02:00")).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(TimeArguments.parseInstant("2026-11-20")).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThatThrownBy(() -> TimeArguments.parseInstant("yesterday")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void windows() throws Exception {
        HuntWindow range = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));
        long from = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
        assertThat(range.contains(from, 0)).isTrue();
        assertThat(range.contains(from - 1, 999_999)).isFalse();
        assertThat(range.contains(to, 0)).isFalse();
        assertThat(range.contains(to - 1, 999_999)).isTrue();
        HuntWindow ago = HuntWindow.lookback(Instant.parse("2026-11-21T00:00:00Z"), Duration.ofHours(24));
        assertThat(ago.contains(from, 0)).isFalse();
        assertThat(ago.contains(from, 100)).isTrue();
        assertThat(ago.contains(to + 86_400_000L, 0)).isTrue();
        assertThat(HuntWindow.unbounded().contains(Long.MIN_VALUE / 2, 0)).isTrue();
        assertThat(HuntWindow.unbounded().contains(Instant.parse("2026-11-20T10:00:00Z").toEpochMilli(), 0)).isTrue();
        // the window travels to the task managers serialized: it must still work there
        HuntWindow copy = org.apache.flink.util.InstantiationUtil.clone(HuntWindow.unbounded());
        assertThat(copy.contains(Instant.parse("2026-11-20T10:00:00Z").toEpochMilli(), 0)).isTrue();
        assertThatThrownBy(() -> HuntWindow.between(Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-20T00:00:00Z")))
                .hasMessageContaining("must be before");
    }
}
