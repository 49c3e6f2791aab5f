package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch run restores the plan an earlier run compiled and gives, over other input, another
 * window and another output, exactly the alerts (and counts) a run planning afresh gives; a plan
 * Flink cannot read is compiled again. Every detection of the pack, with and without a tuning file
 * (its allowlist adds a second insert to the plan, its repeats rules windows).
 */
class PlanReuseITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

    static final Path SAMPLE = TestRepo.root().resolve("test-data/sample/input");
    static final Path REPEATS = TestRepo.root().resolve("test-data/repeats");
    static final HuntWindow DAY = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));
    static final HuntWindow MORNING = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-20T12:00:00Z"));

    @TempDir
    Path tmp;

    BatchHunt.Result run(String out, Path input, HuntWindow window, DetectionPack pack, PlanCache cache) throws Exception {
        return BatchHunt.run(new BatchHunt.Options(input.toString(), tmp.resolve(out).toString(), window, pack,
                2, null, false, false, false, null, false).withPlanCache(cache));
    }

    static String alerts(BatchHunt.Result r) throws Exception {
        return Files.readString(Path.of(r.alertsFile()));
    }

    @Test
    void aRestoredPlanReadsTheRunsOwnInputWindowAndOutput() throws Exception {
        PlanCache cache = new PlanCache(tmp.resolve("plans"));
        DetectionPack pack = DetectionPack.shipped();
        BatchHunt.Result first = run("first", SAMPLE, DAY, pack, cache);
        assertThat(first.planRestored()).isFalse();
        // other input: test-data/repeats and a process line no detection has a term of
        Path input = Files.createDirectories(tmp.resolve("input"));
        for (String table : List.of("DeviceProcessEvents.jsonl", "DeviceNetworkEvents.jsonl")) {
            Files.copy(REPEATS.resolve(table), input.resolve(table));
        }
        Files.writeString(input.resolve("DeviceProcessEvents.jsonl"), "{\"Timestamp\":\"2026-11-20T05:00:00Z\","
                + "\"DeviceId\":\"d1\",\"DeviceName\":\"ws1\",\"ReportId\":7,\"ActionType\":\"ProcessCreated\","
                + "\"FileName\":\"notepad.exe\",\"ProcessCommandLine\":\"notepad.exe a.txt\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        BatchHunt.Result second = run("second", input, MORNING, pack, cache);
        assertThat(second.planRestored()).isTrue();
        BatchHunt.Result fresh = run("fresh", input, MORNING, pack, null);
        assertThat(fresh.planRestored()).isFalse();

        assertThat(second.alerts()).isPositive();
        assertThat(alerts(second)).isEqualTo(alerts(fresh));
        assertThat(second.alertsBySignal()).isEqualTo(fresh.alertsBySignal());
        assertThat(second.counters()).isEqualTo(fresh.counters());
        // the plan keeps only the window of each scan's filter: the line prefilter comes with it apart
        assertThat(second.counters()).as("lines passed over by the restored plan's prefilter")
                .hasEntrySatisfying("unparsed.DeviceProcessEvents", n -> assertThat(n).isPositive());
        assertThat(alerts(second)).isNotEqualTo(alerts(first));
        try (Stream<Path> plans = Files.list(tmp.resolve("plans"))) {
            assertThat(plans.count()).isEqualTo(1);
        }
    }

    @Test
    void aTunedPlanIsRestoredWithItsSuppressedAndFoldedCounts() throws Exception {
        PlanCache cache = new PlanCache(tmp.resolve("plans"));
        DetectionPack pack = DetectionPack.select(List.of("exfiltration_cloud_storage", "renamed_rclone", "chunked_cloud_upload"))
                .withOverrides(REPEATS.resolve("tuning.yml"));
        assertThat(run("first", REPEATS, DAY, pack, cache).planRestored()).isFalse();
        BatchHunt.Result second = run("second", REPEATS, DAY, pack, cache);
        BatchHunt.Result fresh = run("fresh", REPEATS, DAY, pack, null);
        assertThat(second.planRestored()).isTrue();
        assertThat(alerts(second)).isEqualTo(alerts(fresh));
        assertThat(second.suppressedByEntry()).isEqualTo(fresh.suppressedByEntry()).isNotEmpty();
        assertThat(second.foldedBySignal()).isEqualTo(fresh.foldedBySignal()).isNotEmpty();
    }

    @Test
    void aPlanFlinkCannotReadIsCompiledAgain() throws Exception {
        PlanCache cache = new PlanCache(tmp.resolve("plans"));
        DetectionPack seed = DetectionPack.seed();
        BatchHunt.Result first = run("first", SAMPLE, DAY, seed, cache);
        Path plan;
        try (Stream<Path> plans = Files.list(tmp.resolve("plans"))) {
            plan = plans.findFirst().orElseThrow();
        }
        Files.writeString(plan, "{\"flinkVersion\": \"2.3\", \"nodes\": [");
        BatchHunt.Result second = run("second", SAMPLE, DAY, seed, cache);
        assertThat(second.planRestored()).isFalse();
        assertThat(alerts(second)).isEqualTo(alerts(first));
        assertThat(run("third", SAMPLE, DAY, seed, cache).planRestored()).as("stored again").isTrue();
    }
}
