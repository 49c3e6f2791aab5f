package io.cloudexfil.hunt.source.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A year of hourly blobs with a one-day window reads one day (plus the export-lag hour). */
class InputLayoutPruningTest {

    @Test
    void aYearOfHourlyBlobsWithAOneDayWindowListsOneDay(@TempDir Path root) throws IOException {
        Path container = root.resolve("insights-logs-advancedhunting-deviceprocessevents/tenantId=t1");
        for (LocalDateTime t = LocalDateTime.of(2026, 1, 1, 0, 0); t.getYear() == 2026; t = t.plusHours(1)) {
            Path blob = container.resolve(String.format("y=%d/m=%02d/d=%02d/h=%02d/m=00/PT1H.json",
                    t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour()));
            Files.createDirectories(blob.getParent());
            Files.writeString(blob, "{}\n");
        }
        Instant from = Instant.parse("2026-11-20T00:00:00Z");
        Instant to = Instant.parse("2026-11-21T00:00:00Z");
        InputLayout layout = InputLayout.scan(root.toString(), from, to);
        List<InputLayout.DataFile> files = layout.files("DeviceProcessEvents");
        // 24 hours of the day and the hour after it, which may hold the day's last events
        assertThat(files).hasSize(25);
        assertThat(files).allMatch(f -> f.path().contains("/m=11/d=20/") || f.path().contains("/m=11/d=21/h=00/"));
        assertThat(layout.prunedFolders()).isLessThan(100); // whole months and days are cut at once

        InputLayout all = InputLayout.scan(root.toString());
        assertThat(all.files("DeviceProcessEvents")).hasSize(8760);
    }

    @Test
    void spansOfPartitionPaths() {
        PathTime.Span day = PathTime.Span.ROOT.enter("y=2026").enter("m=11").enter("d=20");
        assertThat(day.start()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
        PathTime.Span hour = day.enter("h=13").enter("m=00");
        assertThat(hour.start()).isEqualTo(Instant.parse("2026-11-20T13:00:00Z"));
        assertThat(hour.end()).isEqualTo(Instant.parse("2026-11-20T14:00:00Z"));
        assertThat(PathTime.Span.ROOT.enter("tenantId=abc").start()).isNull();
        assertThat(PathTime.Span.ROOT.enter("y=2026").enter("m=11").enter("d=31").start()).isNull();
        // lag: an event at 13:58 is filed in h=14; a window ending 14:00 must keep h=14
        PathTime.Span next = day.enter("h=14");
        assertThat(next.mayHold(Instant.parse("2026-11-20T13:00:00Z"), Instant.parse("2026-11-20T14:00:00Z"),
                InputLayout.PATH_TIME_MARGIN)).isTrue();
        assertThat(day.enter("h=15").mayHold(Instant.parse("2026-11-20T13:00:00Z"), Instant.parse("2026-11-20T14:00:00Z"),
                InputLayout.PATH_TIME_MARGIN)).isFalse();
        assertThat(day.enter("h=12").mayHold(Instant.parse("2026-11-20T13:00:00Z"), null, InputLayout.PATH_TIME_MARGIN)).isFalse();
    }
}
