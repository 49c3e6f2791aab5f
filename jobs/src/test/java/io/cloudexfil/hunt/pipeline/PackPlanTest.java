package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pack planned without a cluster: every detection's output view has the alert columns of the
 * contract (sql/README.md), in order and type, in both modes, and a run reads only the tables its
 * detections need.
 */
class PackPlanTest {

    /** The contract: the alert columns, then the context the tuning file's allowlist matches on. */
    static final List<String> COLUMNS = List.of(
            "Timestamp TIMESTAMP_LTZ(7)", "DeviceName STRING", "AccountName STRING", "RemoteUrl STRING",
            "RemoteIP STRING", "RemotePort INT", "BytesSent BIGINT", "FileName STRING", "ProcessCommandLine STRING",
            "InitiatingProcessFileName STRING", "InitiatingProcessCommandLine STRING",
            "InitiatingProcessParentFileName STRING", "Signal STRING", "DeviceId STRING", "ReportId BIGINT",
            "AttackTechnique STRING", "Detection STRING", "FolderPath STRING", "EvidenceReportIds ARRAY<BIGINT>",
            "TuningProcessFolderPath STRING", "TuningInitiatingProcessFolderPath STRING", "TuningSignerType STRING",
            "TuningSignatureStatus STRING", "AlertTime TIMESTAMP_LTZ(3)");

    static Stream<String> shipped() {
        return DetectionPack.shippedIds().stream();
    }

    private static TableEnvironment planned(DetectionPack pack, boolean streaming, Path tmp) {
        EnvironmentSettings.Builder settings = EnvironmentSettings.newInstance()
                .withConfiguration(HuntPipeline.baseConfiguration(1));
        TableEnvironment tEnv = TableEnvironment.create((streaming ? settings.inStreamingMode() : settings.inBatchMode()).build());
        HuntPipeline.registerFunctions(tEnv);
        HuntPipeline.registerParameters(tEnv, pack,
                HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z")));
        HuntPipeline.registerTables(tEnv, new HuntPipeline.InputBinding(
                TestRepo.root().resolve("test-data/sample/input").toString(), tmp.resolve("rejected").toString(), null),
                pack.tables());
        HuntPipeline.alerts(tEnv, pack);
        return tEnv;
    }

    /** Name and type; a literal's CHAR(n)/VARCHAR(n) is a string, and nullability does not count. */
    private static List<String> columns(ResolvedSchema schema) {
        return schema.getColumns().stream().map(Column::toString)
                .map(c -> c.replace("`", "").replace(" *ROWTIME*", "").replace(" NOT NULL", "")
                        .replaceAll("(VAR)?CHAR\\(\\d+\\)", "STRING")).toList();
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void everyOutputViewHasTheAlertColumnsInBothModes(String id, @TempDir Path tmp) {
        Detection d = Detection.load(id);
        for (boolean streaming : new boolean[] {false, true}) {
            TableEnvironment tEnv = planned(DetectionPack.select(List.of(id)), streaming, tmp);
            assertThat(columns(tEnv.from(d.output()).getResolvedSchema()))
                    .as(id + (streaming ? " (stream)" : " (batch)")).containsExactlyElementsOf(COLUMNS);
        }
    }

    @Test
    void aRunReadsOnlyTheTablesItsDetectionsRead(@TempDir Path tmp) {
        for (String id : DetectionPack.shippedIds()) {
            DetectionPack pack = DetectionPack.select(List.of(id));
            TableEnvironment tEnv = planned(pack, false, tmp);
            List<String> declared = List.of(tEnv.listTables());
            for (String table : io.cloudexfil.hunt.source.DefenderTables.READ) {
                assertThat(declared.contains(table)).as(id + " reads " + table)
                        .isEqualTo(Detection.load(id).tables().contains(table));
            }
        }
        assertThat(DetectionPack.shipped().tables()).containsExactlyElementsOf(io.cloudexfil.hunt.source.DefenderTables.READ);
    }

    /**
     * Each table is read once for the whole pack, in both modes: every scan of a table reads every
     * line and counts it, so an extra scan would read the files again and count lines and dead
     * letters twice.
     */
    @Test
    void theDefaultPackReadsEachTableOnceInBothModes(@TempDir Path tmp) throws Exception {
        for (String t : io.cloudexfil.hunt.source.DefenderTables.READ) {
            java.nio.file.Files.createDirectories(tmp.resolve("in").resolve(t));
        }
        HuntWindow day = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));
        String batch = BatchHunt.explain(new BatchHunt.Options(tmp.resolve("in").toString(), tmp.resolve("b").toString(),
                day, DetectionPack.shipped(), 2, null, false));
        String stream = StreamHunt.explain(new StreamHunt.Options(tmp.resolve("in").toString(), tmp.resolve("s").toString(),
                day, DetectionPack.shipped(), 2, java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(5),
                java.time.Duration.ofSeconds(2), java.time.Duration.ofHours(24), null, null, false, false));
        for (String plan : List.of(batch, stream)) {
            String exec = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
            for (String t : io.cloudexfil.hunt.source.DefenderTables.READ) {
                assertThat(PrefilterPlanTest.count(exec, "TableSourceScan(table=[[default_catalog, default_database, " + t + ","))
                        .as(t + (plan == batch ? " (batch)" : " (stream)")).isEqualTo(1);
            }
        }
    }
}
