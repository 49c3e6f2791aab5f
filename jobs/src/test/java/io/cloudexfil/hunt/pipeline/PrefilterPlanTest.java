package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan the prefilter depends on (no cluster: EXPLAIN only). Flink must hand the detection's
 * filters to the Defender source (which needs the underscore-free function names), the source
 * must accept only the hunt window, and the two process signals must then share one scan.
 */
class PrefilterPlanTest {

    static String plan(Path tmp, boolean parseAll) {
        return BatchHunt.explain(new BatchHunt.Options(TestRepo.root().resolve("test-data/sample/input").toString(),
                tmp.resolve("out").toString(),
                HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z")),
                io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, null, false, false, parseAll));
    }

    static String executionPlan(String explain) {
        return explain.substring(explain.indexOf("== Optimized Execution Plan =="));
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void bothTablesAcceptTheWindowAndTheProcessTableIsReadOnce(@TempDir Path tmp) {
        String exec = executionPlan(plan(tmp, false));
        assertThat(count(exec, "DeviceProcessEvents, filter=[inhuntwindow(")).isEqualTo(1);
        assertThat(count(exec, "DeviceNetworkEvents, filter=[inhuntwindow(")).isEqualTo(1);
        assertThat(exec).contains("Reused(reference_id=");
        // the exact filters stay in the plan (Flink prints them with the names it looked them up by)
        assertThat(exec).containsPattern("where=\\[.*has_?any\\(ProcessCommandLine")
                .containsPattern("where=\\[.*in_?ci\\(FileName").containsPattern("where=\\[.*has_?any\\(RemoteUrl");
    }

    @Test
    void parseAllAcceptsNothingAndStillReadsTheProcessTableOnce(@TempDir Path tmp) {
        String exec = executionPlan(plan(tmp, true));
        assertThat(exec).doesNotContain("filter=[inhuntwindow(").contains("Reused(reference_id=");
        assertThat(count(exec, "TableSourceScan(")).isEqualTo(2);
    }

    /**
     * A stream's watermark is made in the source, so nothing stands between the scan and the
     * detection's filter: the filter reaches the source and the stream's lines are prefiltered too.
     */
    @Test
    void aStreamGeneratesItsWatermarkInTheSourceAndIsPrefilteredToo(@TempDir Path tmp) throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve("in/DeviceProcessEvents"));
        java.nio.file.Files.createDirectories(tmp.resolve("in/DeviceNetworkEvents"));
        String exec = executionPlan(StreamHunt.explain(new StreamHunt.Options(tmp.resolve("in").toString(),
                tmp.resolve("out").toString(), HuntWindow.unbounded(), io.cloudexfil.hunt.detection.DetectionPack.seed(), 2,
                java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(5), java.time.Duration.ofSeconds(2),
                java.time.Duration.ofHours(24), null, null, false, false)));
        assertThat(exec).doesNotContain("WatermarkAssigner(");
        // the idle timeout travels with the watermark: a reader with nothing to read stops holding it back
        // no projection in a stream: every scan of a table is then the same one, read once (PackPlanTest)
        assertThat(exec).containsPattern("DeviceProcessEvents, watermark=\\[[^]]*], idletimeout=\\[10000], "
                        + "watermarkEmitStrategy=\\[[^]]*], filter=\\[inhuntwindow\\(")
                .containsPattern("DeviceNetworkEvents, watermark=\\[[^]]*], idletimeout=\\[10000], "
                        + "watermarkEmitStrategy=\\[[^]]*], filter=\\[inhuntwindow\\(");
        assertThat(count(exec, "TableSourceScan(")).isEqualTo(2); // the process signals share one scan
    }
}
