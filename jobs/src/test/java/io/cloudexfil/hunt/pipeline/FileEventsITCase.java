package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.InJvmKafka;
import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.source.stats.RunStats;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DeviceFileEvents is read in every layout (test-data/formats/file_events: the same three
 * hand-made rows as a flat folder, a flat file, a Defender storage export, a Sentinel export and an
 * Event Hubs capture), from Kafka topics, and from a watched folder whose watermark moves; its bad
 * rows are dead letters as the other tables' are (sql/tables/README.md §9, §13).
 */
class FileEventsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

    static final Path DATA = TestRepo.root().resolve("test-data/formats/file_events");

    static final String COLUMNS = "SELECT `Timestamp`, ActionType, FileName, FolderPath, FileSize, "
            + "InitiatingProcessFileName, InitiatingProcessCommandLine, InitiatingProcessCreationTime, "
            + "InitiatingProcessAccountName, RequestProtocol, RequestSourcePort, IsAzureInfoProtectionApplied, "
            + "ReportId, AdditionalFields FROM DeviceFileEvents";

    /** The three rows as the files hold them, in the order of COLUMNS. */
    static final List<String> EXPECTED = List.of(
            Row.of(Instant.parse("2026-11-20T10:14:03.1234567Z"), "FileCreated", "rclone.conf",
                    "C:\\Users\\alice\\AppData\\Roaming\\rclone\\rclone.conf", 412L, "rclone.exe",
                    "rclone.exe  config create remote mega user alice.m@outlook.com pass ***",
                    Instant.parse("2026-11-20T10:14:02.881Z"), "alice", "Local", null, false, 20811L,
                    "{\"FileType\":\"Unknown\"}").toString(),
            Row.of(Instant.parse("2026-11-20T10:21:47.5Z"), "FileCreated", "Q4-finance.7z",
                    "C:\\Users\\alice\\Documents\\Q4-finance.7z", 734003200L, "7z.exe",
                    "\"7z.exe\" a -mx1 -pInfected123 C:\\Users\\alice\\Documents\\Q4-finance.7z \\\\FS01\\Finance$\\Q4",
                    Instant.parse("2026-11-20T10:16:09.22Z"), "alice", "Local", null, false, 20840L,
                    "{\"FileType\":\"7z\"}").toString(),
            Row.of(Instant.parse("2026-11-20T10:30:00.0000001Z"), "FileModified", "alice@contoso.com.ost",
                    "C:\\Users\\alice\\AppData\\Local\\Microsoft\\Outlook\\alice@contoso.com.ost", 2684354560L,
                    "OUTLOOK.EXE", "\"OUTLOOK.EXE\" ", Instant.parse("2026-11-20T07:58:12.441Z"), "alice", "Local",
                    null, false, 20902L, null).toString());

    static TableEnvironment environment(boolean streaming) {
        // one subtask in a stream: the watermark is then the file's, not held back by an idle subtask
        Configuration conf = HuntPipeline.baseConfiguration(streaming ? 1 : 2);
        if (streaming) { // a stream's collected rows are handed over at checkpoints
            conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
        }
        EnvironmentSettings.Builder settings = EnvironmentSettings.newInstance().withConfiguration(conf);
        TableEnvironment tEnv = TableEnvironment.create(
                (streaming ? settings.inStreamingMode() : settings.inBatchMode()).build());
        HuntPipeline.registerFunctions(tEnv);
        return tEnv;
    }

    /** Every row of a bounded query, and the job's input counters. */
    record Rows(List<String> rows, Map<String, Long> counters) {}

    static Rows collect(TableEnvironment tEnv, String sql) throws Exception {
        TableResult result = tEnv.executeSql(sql);
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        Map<String, Long> counters = RunStats.fromAccumulators(result.getJobClient().orElseThrow()
                .getJobExecutionResult().get().getAllAccumulatorResults());
        return new Rows(rows, counters);
    }

    static Rows query(Path root, Path rejected, String sql) throws Exception {
        TableEnvironment tEnv = environment(false);
        HuntPipeline.registerTables(tEnv, new HuntPipeline.InputBinding(root.toString(), rejected.toString(), null));
        return collect(tEnv, sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat_folder", "flat_file", "defender_storage_export", "sentinel_export", "eventhubs_dump"})
    void everyLayoutDeliversTheFileEventsRows(String layout, @TempDir Path tmp) throws Exception {
        Rows r = query(DATA.resolve(layout), tmp.resolve("rejected"), COLUMNS + " ORDER BY `Timestamp`");
        assertThat(r.rows()).as(layout).containsExactlyElementsOf(EXPECTED);
        assertThat(r.counters()).as(layout).containsEntry("events.DeviceFileEvents", 3L)
                .doesNotContainKeys("skipped_records.DeviceFileEvents")
                .noneSatisfy((k, v) -> assertThat(k).startsWith("rejected."));
        assertThat(tmp.resolve("rejected")).doesNotExist();
    }

    @Test
    void aMixedFileFeedsEachTableItsOwnRecords(@TempDir Path tmp) throws Exception {
        Rows r = query(DATA.resolve("eventhubs_dump"), tmp.resolve("rejected"),
                "SELECT 'process', ProcessCommandLine, ReportId FROM DeviceProcessEvents "
                        + "UNION ALL SELECT 'file', FileName, ReportId FROM DeviceFileEvents");
        assertThat(r.rows()).containsExactlyInAnyOrder(
                "+I[process, \"7z.exe\" a -mx1 -pInfected123 C:\\Users\\alice\\Documents\\Q4-finance.7z \\\\FS01\\Finance$\\Q4, 20835]",
                "+I[file, rclone.conf, 20811]", "+I[file, Q4-finance.7z, 20840]", "+I[file, alice@contoso.com.ost, 20902]");
        assertThat(r.counters()).containsEntry("events.DeviceProcessEvents", 1L).containsEntry("events.DeviceFileEvents", 3L)
                .doesNotContainKeys("skipped_records.DeviceFileEvents", "skipped_records.DeviceProcessEvents");
    }

    @Test
    void aRunWhoseDetectionsDoNotReadFileEventsCountsThemAsSkipped(@TempDir Path tmp) throws Exception {
        TableEnvironment tEnv = environment(false);
        HuntPipeline.registerTables(tEnv, new HuntPipeline.InputBinding(DATA.resolve("eventhubs_dump").toString(),
                tmp.resolve("rejected").toString(), null));
        HuntPipeline.runReads(tEnv, List.of("DeviceProcessEvents", "DeviceNetworkEvents"));
        Rows r = collect(tEnv, "SELECT FileName FROM DeviceProcessEvents");
        assertThat(r.rows()).containsExactly("+I[7z.exe]");
        assertThat(r.counters()).containsEntry("skipped_records.DeviceFileEvents", 3L);

        // a run that reads file events only: its source owns the mixed file and counts the process record
        tEnv = environment(false);
        HuntPipeline.registerTables(tEnv, new HuntPipeline.InputBinding(DATA.resolve("eventhubs_dump").toString(),
                tmp.resolve("rejected").toString(), null));
        HuntPipeline.runReads(tEnv, List.of("DeviceFileEvents"));
        r = collect(tEnv, "SELECT FileName FROM DeviceFileEvents");
        assertThat(r.rows()).hasSize(3);
        assertThat(r.counters()).containsEntry("skipped_records.DeviceProcessEvents", 1L);
    }

    @Test
    void badFileEventRowsAreCountedAndDeadLettered(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("in");
        Files.createDirectories(root.resolve("DeviceFileEvents"));
        List<String> good = Files.readAllLines(DATA.resolve("flat_file/DeviceFileEvents.jsonl"));
        Files.write(root.resolve("DeviceFileEvents/bad.jsonl"), List.of(
                good.get(0),
                good.get(1).substring(0, 200), // truncated
                "{\"Timestamp\":\"20/11/2026 10:40\",\"ActionType\":\"FileCreated\",\"FileName\":\"late.zip\"}",
                "{\"Timestamp\":\"2026-11-20T10:41:00Z\",\"ActionType\":\"FileCreated\",\"FileName\":\"big.rar\","
                        + "\"FileSize\":\"12abc\",\"RequestSourcePort\":\"445\",\"ReportId\":20950}"));
        Rows r = query(root, tmp.resolve("rejected"), "SELECT FileName, FileSize, RequestSourcePort FROM DeviceFileEvents");
        assertThat(r.rows()).containsExactlyInAnyOrder("+I[rclone.conf, 412, null]", "+I[big.rar, null, 445]");
        assertThat(r.counters()).containsEntry("events.DeviceFileEvents", 2L)
                .containsEntry("rejected.DeviceFileEvents.malformed_json", 1L)
                .containsEntry("type_errors.DeviceFileEvents", 1L)
                .containsKey("rejected.DeviceFileEvents.bad_timestamp");
        List<JsonNode> dead = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp.resolve("rejected"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                dead.addAll(DetectionCase.readJsonLines(f));
            }
        }
        assertThat(dead).extracting(d -> d.path("line").asLong() + " " + d.path("reason").asText())
                .containsExactlyInAnyOrder("2 malformed_json", "3 bad_timestamp", "4 type_error");
    }

    @Test
    void aWatchedFolderStreamsFileEventsWithTheirEventTime(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("in");
        Path flat = root.resolve("DeviceFileEvents");
        Files.createDirectories(flat);
        Files.copy(DATA.resolve("flat_file/DeviceFileEvents.jsonl"), flat.resolve("a.jsonl"));
        TableEnvironment tEnv = environment(true);
        HuntPipeline.registerTables(tEnv, new HuntPipeline.InputBinding(root.toString(),
                tmp.resolve("rejected").toString(), null, Duration.ofMillis(500)));
        TableResult result = tEnv.executeSql("SELECT FileName, EventTime FROM DeviceFileEvents");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            List<String> rows = new ArrayList<>();
            try (CloseableIterator<Row> it = result.collect()) {
                // a file that appears while the job runs (written hidden, then renamed) is picked up
                Path hidden = flat.resolve(".b.jsonl.tmp");
                Files.writeString(hidden, "{\"Timestamp\":\"2026-11-20T11:20:00.9876543Z\",\"ActionType\":\"FileDeleted\","
                        + "\"FileName\":\"rclone.conf\",\"ReportId\":21004}\n", StandardCharsets.UTF_8);
                Files.move(hidden, flat.resolve("b.jsonl"), StandardCopyOption.ATOMIC_MOVE);
                while (rows.size() < 4 && it.hasNext()) {
                    rows.add(it.next().toString());
                }
            }
            // EventTime is Timestamp at the millisecond, the watermark's column
            assertThat(rows).containsExactlyInAnyOrder("+I[rclone.conf, 2026-11-20T10:14:03.123Z]",
                    "+I[Q4-finance.7z, 2026-11-20T10:21:47.500Z]", "+I[alice@contoso.com.ost, 2026-11-20T10:30:00Z]",
                    "+I[rclone.conf, 2026-11-20T11:20:00.987Z]");
        });
    }

    @Test
    void kafkaTopicsDeliverFileEventsAsStreams() throws Exception {
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("defender", 2, (short) 1),
                        new NewTopic("file-events", 1, (short) 1))).all().get();
            }
            produce(kafka, "defender", Files.readAllLines(DATA.resolve("eventhubs_dump/eventhub-capture/partition-0.jsonl")));
            produce(kafka, "file-events", Files.readAllLines(DATA.resolve("flat_file/DeviceFileEvents.jsonl")));
            for (String topic : List.of("defender", "file-events")) {
                Map<String, String> options = new HashMap<>();
                options.put("kafka.bootstrap-servers", kafka.bootstrapServers());
                options.put("kafka.topic", topic);
                options.put("kafka.group-id", "it-" + topic);
                options.put("kafka.bounded", "true");
                if (topic.equals("file-events")) {
                    options.put("kafka.topic-table", "DeviceFileEvents"); // bin/hunt stream --topic DeviceFileEvents=file-events
                }
                Map<String, Map<String, String>> byTable = Map.of("DeviceFileEvents", options);
                // streaming, as bin/hunt stream reads: rows with their event time, and windows the watermark closes
                TableEnvironment tEnv = environment(true);
                HuntPipeline.registerTables(tEnv, new HuntPipeline.InputBinding(null, null, null, null, byTable, false));
                TableEnvironment values = environment(true);
                HuntPipeline.registerTables(values, new HuntPipeline.InputBinding(null, null, null, null,
                        Map.of("DeviceFileEvents", withGroup(options, "it-values-" + topic)), false));
                assertThat(collect(values, COLUMNS).rows()).as(topic)
                        .containsExactlyInAnyOrderElementsOf(EXPECTED);
                Rows windows = collect(tEnv, "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE DeviceFileEvents, "
                        + "DESCRIPTOR(EventTime), INTERVAL '10' MINUTE)) GROUP BY window_start, window_end");
                assertThat(windows.rows()).as(topic).containsExactlyInAnyOrder(
                        "+I[2026-11-20T10:10, 1]", "+I[2026-11-20T10:20, 1]", "+I[2026-11-20T10:30, 1]");
            }
        }
    }

    static Map<String, String> withGroup(Map<String, String> options, String group) {
        Map<String, String> out = new HashMap<>(options);
        out.put("kafka.group-id", group);
        return out;
    }

    static void produce(KafkaClusterTestKit kafka, String topic, List<String> messages) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String m : messages) {
                p.send(new ProducerRecord<>(topic, m.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }
}
