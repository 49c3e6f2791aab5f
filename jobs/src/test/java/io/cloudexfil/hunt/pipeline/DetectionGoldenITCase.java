package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case under test-data/detections/<detection>/ runs as a batch hunt of its detection on a
 * MiniCluster and must give exactly its golden alerts (a multiset: one alert per event and
 * signal), written in Timestamp-descending order.
 */
class DetectionGoldenITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> everyCaseGivesItsGoldenAlerts() {
        List<DetectionCase> cases = DetectionCase.everyCase();
        assertThat(cases).isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.detection() + "/" + c.name(), () -> {
            Path out = tmp.resolve(c.detection() + "-" + c.name());
            BatchHunt.Result result = BatchHunt.run(new BatchHunt.Options(
                    c.dir().toString(), out.toString(), c.window(), c.pack(), 2, null, false));
            List<JsonNode> actual = DetectionCase.readJsonLines(Path.of(result.alertsFile()));
            assertThat(DetectionCase.canonical(actual)).as(c.name())
                    .containsExactlyElementsOf(DetectionCase.canonical(c.expected()));
            assertSortedByTimestampDescending(actual);
            assertThat(result.alerts()).isEqualTo(actual.size());
        }));
    }

    @org.junit.jupiter.api.Test
    void theBundledSampleGivesTheUnionOfItsCasesAlerts() throws Exception {
        Path sample = TestRepo.root().resolve("test-data/sample");
        Path out = tmp.resolve("sample");
        BatchHunt.Result result = BatchHunt.run(new BatchHunt.Options(sample.resolve("input").toString(),
                out.toString(), HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"),
                        Instant.parse("2026-11-21T00:00:00Z")),
                DetectionPack.seed(), 2, null, false));
        List<JsonNode> actual = DetectionCase.readJsonLines(Path.of(result.alertsFile()));
        assertThat(DetectionCase.canonical(actual))
                .containsExactlyElementsOf(DetectionCase.canonical(DetectionCase.readJsonLines(sample.resolve("expected.jsonl"))));
        assertSortedByTimestampDescending(actual);
        assertThat(result.layout().skipped()).isEmpty();
    }

    /**
     * The default run (every shipped detection) gives exactly the alerts of each detection run
     * alone, together: detections do not interfere (views, parameters, de-duplication), and the
     * seed's share is the bundled golden file.
     */
    @org.junit.jupiter.api.Test
    void theDefaultRunIsEachDetectionRunAloneTogether() throws Exception {
        Path input = TestRepo.root().resolve("test-data/sample/input");
        HuntWindow day = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));
        BatchHunt.Result all = BatchHunt.run(new BatchHunt.Options(input.toString(), tmp.resolve("pack").toString(),
                day, DetectionPack.shipped(), 2, null, false));
        List<JsonNode> packAlerts = DetectionCase.readJsonLines(Path.of(all.alertsFile()));
        assertSortedByTimestampDescending(packAlerts);
        List<String> alone = new java.util.ArrayList<>();
        for (String id : DetectionPack.shippedIds()) {
            BatchHunt.Result one = BatchHunt.run(new BatchHunt.Options(input.toString(), tmp.resolve("alone-" + id).toString(),
                    day, DetectionPack.select(List.of(id)), 2, null, false));
            List<JsonNode> alerts = DetectionCase.readJsonLines(Path.of(one.alertsFile()));
            assertThat(alerts).as(id).allMatch(a -> a.path("Detection").asText().equals(id));
            alone.addAll(DetectionCase.canonical(alerts));
            if (id.equals(io.cloudexfil.hunt.detection.Detection.DEFAULT)) {
                assertThat(DetectionCase.canonical(alerts)).containsExactlyElementsOf(DetectionCase.canonical(
                        DetectionCase.readJsonLines(TestRepo.root().resolve("test-data/sample/expected.jsonl"))));
            }
        }
        assertThat(DetectionCase.canonical(packAlerts)).containsExactlyElementsOf(alone.stream().sorted().toList());
        assertThat(all.alerts()).isEqualTo(packAlerts.size());
        // the pack's merged scans still pass over the lines no signal can use (Flink's ScanReuser
        // rebuilds a merged source from the window filter alone: that must not mean "parse every line")
        for (String table : List.of("DeviceProcessEvents", "DeviceNetworkEvents")) {
            assertThat(all.counters().getOrDefault("unparsed." + table, 0L)).as("lines of " + table + " passed over")
                    .isPositive();
        }
    }

    static void assertSortedByTimestampDescending(List<JsonNode> alerts) {
        for (int i = 1; i < alerts.size(); i++) {
            Instant prev = Instant.parse(alerts.get(i - 1).get("Timestamp").asText());
            Instant cur = Instant.parse(alerts.get(i).get("Timestamp").asText());
            assertThat(prev).as("alert %d is not after alert %d", i - 1, i).isAfterOrEqualTo(cur);
        }
    }
}
