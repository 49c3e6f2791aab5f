package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.TestRepo;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The folder of compiled plans, and the key a plan is kept under: what a run may change without
 * a new plan (input, output, window) is not in it; what changes the plan is.
 */
class PlanCacheTest {

    @TempDir
    Path tmp;

    static final HuntWindow DAY = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));

    static BatchHunt.Options options(String input, String output, HuntWindow window, DetectionPack pack, int parallelism) {
        return new BatchHunt.Options(input, output, window, pack, parallelism, null, false, false, false, null, false);
    }

    static String key(BatchHunt.Options o) {
        return PlanCache.key(BatchHunt.planDescription(o, new Configuration()));
    }

    @Test
    void aPlanIsKeptAndFoundUnderItsKey() {
        PlanCache cache = new PlanCache(tmp.resolve("plans"));
        assertThat(cache.get("k1")).isEmpty();
        cache.put("k1", "{\"plan\":1}");
        assertThat(cache.get("k1")).contains("{\"plan\":1}");
        cache.put("k1", "{\"plan\":2}");
        assertThat(cache.get("k1")).contains("{\"plan\":2}");
        cache.remove("k1");
        assertThat(cache.get("k1")).isEmpty();
    }

    @Test
    void noHalfWrittenFileIsLeftBeside() throws Exception {
        PlanCache cache = new PlanCache(tmp.resolve("plans"));
        cache.put("k1", "x".repeat(100_000));
        try (Stream<Path> files = Files.list(tmp.resolve("plans"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("k1.json");
        }
    }

    @Test
    void theLeastRecentlyUsedPlansGoBeyondTheLimit() throws Exception {
        PlanCache cache = new PlanCache(tmp.resolve("plans"));
        for (int i = 0; i < PlanCache.MAX_PLANS; i++) {
            cache.put("k" + i, "{}");
            Files.setLastModifiedTime(tmp.resolve("plans/k" + i + ".json"), FileTime.from(Instant.now().minus(Duration.ofHours(100 - i))));
        }
        cache.get("k0"); // used now: kept
        cache.put("new", "{}");
        assertThat(cache.get("k0")).isPresent();
        assertThat(cache.get("new")).isPresent();
        assertThat(cache.get("k1")).as("the least recently used").isEmpty();
        try (Stream<Path> files = Files.list(tmp.resolve("plans"))) {
            assertThat(files.count()).isEqualTo(PlanCache.MAX_PLANS);
        }
    }

    @Test
    void aFolderThatCannotBeWrittenCostsOnlyThePlanning() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        PlanCache cache = new PlanCache(file);
        cache.put("k1", "{}"); // a warning, no exception
        assertThat(cache.get("k1")).isEmpty();
    }

    @Test
    void inputOutputAndWindowAreNotInTheKey() {
        DetectionPack seed = DetectionPack.seed();
        String a = key(options("/data/a", "/out/a", DAY, seed, 2));
        String b = key(options("s3://bucket/b", "/out/b", HuntWindow.lookback(Instant.parse("2025-01-01T00:00:00Z"),
                Duration.ofHours(24)), seed, 2));
        assertThat(a).isEqualTo(b).hasSize(64);
    }

    @Test
    void whatChangesThePlanIsInTheKey() {
        String seed = key(options("/in", "/out", DAY, DetectionPack.seed(), 2));
        assertThat(key(options("/in", "/out", DAY, DetectionPack.shipped(), 2))).isNotEqualTo(seed);
        assertThat(key(options("/in", "/out", DAY, DetectionPack.seed(), 1))).isNotEqualTo(seed);
        assertThat(key(new BatchHunt.Options("/in", "/out", DAY, DetectionPack.seed(), 2, null, false, true, false, null, false)))
                .as("--keep-duplicates").isNotEqualTo(seed);
        assertThat(key(new BatchHunt.Options("/in", "/out", DAY, DetectionPack.seed(), 2, null, false, false, true, null, false)))
                .as("--parse-all").isNotEqualTo(seed);
        DetectionPack tuned = DetectionPack.select(java.util.List.of("exfiltration_cloud_storage", "renamed_rclone",
                "chunked_cloud_upload")).withOverrides(TestRepo.root().resolve("test-data/repeats/tuning.yml"));
        DetectionPack untuned = DetectionPack.select(java.util.List.of("exfiltration_cloud_storage", "renamed_rclone",
                "chunked_cloud_upload"));
        assertThat(key(options("/in", "/out", DAY, tuned, 2))).as("a tuning file")
                .isNotEqualTo(key(options("/in", "/out", DAY, untuned, 2)));
        Configuration conf = new Configuration();
        conf.setString("table.exec.resource.default-parallelism", "3");
        assertThat(PlanCache.key(BatchHunt.planDescription(options("/in", "/out", DAY, DetectionPack.seed(), 2), conf)))
                .as("Flink's configuration").isNotEqualTo(seed);
    }
}
