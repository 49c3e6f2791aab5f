package io.cloudexfil.hunt.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a batch run leaves behind, as a user sees it: alert times as Defender writes them, no empty folders. */
class OutputDetailsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension();

    static BatchHunt.Options sample(Path out) {
        return new BatchHunt.Options(TestRepo.root().resolve("test-data/sample/input").toString(), out.toString(),
                HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z")),
                io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, null, false);
    }

    @Test
    void alertTimestampsHaveSevenFractionDigitsAndACleanRunLeavesNoDeadLetterFolder(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        BatchHunt.Result r = BatchHunt.run(sample(out));
        List<JsonNode> alerts = DetectionCase.readJsonLines(out.resolve("alerts.jsonl"));
        assertThat(alerts).hasSize(54);
        assertThat(alerts).extracting(a -> a.get("Timestamp").asText())
                .allMatch(t -> t.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z"), "7 fraction digits")
                .contains("2026-11-20T22:40:00.2500000Z", "2026-11-20T21:03:09.8765432Z", "2026-11-20T20:10:00.0000000Z");
        assertThat(r.counters().keySet()).noneMatch(k -> k.startsWith("rejected."));
        assertThat(out.resolve("_rejected")).doesNotExist();
    }

    @Test
    void explainLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertThat(BatchHunt.explain(sample(out))).contains("LogicalSink(table=[default_catalog.default_database.Alerts]");
        assertThat(out.resolve("_alerts-explain")).doesNotExist();
        assertThat(tmp.resolve("_alerts-explain")).doesNotExist();
    }
}
