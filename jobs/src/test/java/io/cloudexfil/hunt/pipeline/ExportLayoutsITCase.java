package io.cloudexfil.hunt.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export layouts of test-data/formats (Defender storage export, Sentinel export, Event Hubs
 * message dumps) give the hand-derived alerts of the cases their events come from.
 */
class ExportLayoutsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension();

    static final HuntWindow DAY = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));

    static BatchHunt.Result run(String layout, Path tmp, boolean keepDuplicates) throws Exception {
        return run(layout, tmp, keepDuplicates, false);
    }

    static BatchHunt.Result run(String layout, Path tmp, boolean keepDuplicates, boolean parseAll) throws Exception {
        Path dir = TestRepo.root().resolve("test-data/formats").resolve(layout);
        return BatchHunt.run(new BatchHunt.Options(dir.resolve("input").toString(),
                tmp.resolve(layout + (parseAll ? "-parse-all" : "")).toString(), DAY,
                io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, null, false, keepDuplicates, parseAll));
    }

    static void assertGolden(String layout, BatchHunt.Result r) {
        List<JsonNode> actual = DetectionCase.readJsonLines(Path.of(r.alertsFile()));
        List<JsonNode> expected = DetectionCase.readJsonLines(
                TestRepo.root().resolve("test-data/formats").resolve(layout).resolve("expected.jsonl"));
        assertThat(DetectionCase.canonical(actual)).as(layout).containsExactlyElementsOf(DetectionCase.canonical(expected));
        DetectionGoldenITCase.assertSortedByTimestampDescending(actual);
    }

    @Test
    void defenderStorageExport(@TempDir Path tmp) throws Exception {
        BatchHunt.Result r = run("defender_storage_export", tmp, false);
        assertGolden("defender_storage_export", r);
        // the day before is not even listed; the file-events container is skipped, not an error
        assertThat(r.layout().prunedFolders()).isPositive();
        assertThat(r.layout().skipped()).anyMatch(s -> s.contains("devicefileevents") && s.contains("DeviceFileEvents"));
        assertThat(r.counters()).doesNotContainKey("rejected.DeviceProcessEvents.malformed_json");
    }

    @Test
    void duplicatedDeliveryGivesOneAlertUnlessAskedToKeepThem(@TempDir Path tmp) throws Exception {
        BatchHunt.Result unique = run("defender_storage_export", tmp.resolve("u"), false);
        BatchHunt.Result all = run("defender_storage_export", tmp.resolve("a"), true);
        assertThat(all.alerts()).isEqualTo(unique.alerts() + 1);
    }

    @Test
    void sentinelExport(@TempDir Path tmp) throws Exception {
        BatchHunt.Result r = run("sentinel_export", tmp, false);
        assertGolden("sentinel_export", r);
    }

    @Test
    void eventHubsMessagesMixTablesInOneFile(@TempDir Path tmp) throws Exception {
        BatchHunt.Result r = run("eventhubs_dump", tmp, false);
        assertGolden("eventhubs_dump", r);
        // parsing every line: the mixed file is read by both tables' sources; each record is counted
        // once, by its table: the 8 rows of the four cases and the Sentinel row of the last message
        BatchHunt.Result all = run("eventhubs_dump", tmp, false, true);
        assertGolden("eventhubs_dump", all);
        assertThat(all.counters()).containsEntry("skipped_records.DeviceFileEvents", 1L);
        long events = all.counters().get("events.DeviceProcessEvents") + all.counters().get("events.DeviceNetworkEvents");
        assertThat(events).isEqualTo(9);
    }
}
