package io.cloudexfil.hunt.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.generate.TelemetryGenerator;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch hunt over a small generated archive of real-width rows, in the flat layout and in the
 * storage export's envelope layout, raises exactly the alerts the generator planted, the same
 * alerts row by row in both layouts, and rejects no line.
 */
class GeneratedArchiveITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension();

    static final HuntWindow DAY = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));

    @Test
    void batchFindsExactlyThePlantedAlertsInBothLayouts(@TempDir Path tmp) throws Exception {
        Map<TelemetryGenerator.Layout, List<String>> alerts = new TreeMap<>();
        for (TelemetryGenerator.Layout layout : TelemetryGenerator.Layout.values()) {
            Path archive = tmp.resolve("archive-" + layout);
            // one planted hit in 100 rows, one near miss in 50: enough of every template to matter
            TelemetryGenerator.Result g = TelemetryGenerator.generate(
                    new TelemetryGenerator.Options(12_000, archive, 29, 2, 100, 50, layout));
            BatchHunt.Result r = BatchHunt.run(new BatchHunt.Options(archive.toString(),
                    tmp.resolve("out-" + layout).toString(), DAY, io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, null, false));
            assertThat(r.alertsBySignal()).as(layout.name()).isEqualTo(new TreeMap<>(g.hitsBySignal()));
            assertThat(r.alerts()).isEqualTo(g.hitsBySignal().values().stream().mapToLong(Long::longValue).sum());
            assertThat(r.counters().entrySet().stream().filter(e -> e.getKey().startsWith("rejected") && e.getValue() > 0)
                    .toList()).as(layout.name()).isEmpty();
            if (layout == TelemetryGenerator.Layout.ENVELOPE) {
                // every hourly blob is read, the next day's first hour included
                assertThat(r.layout().files(TelemetryGenerator.PROCESS_TABLE).size()
                        + r.layout().files(TelemetryGenerator.NETWORK_TABLE).size()).isEqualTo(g.files().size());
            }
            alerts.put(layout, DetectionCase.readJsonLines(Path.of(r.alertsFile())).stream()
                    .map(JsonNode::toString).sorted().collect(Collectors.toList()));
        }
        assertThat(alerts.get(TelemetryGenerator.Layout.ENVELOPE)).isEqualTo(alerts.get(TelemetryGenerator.Layout.FLAT));
    }
}
