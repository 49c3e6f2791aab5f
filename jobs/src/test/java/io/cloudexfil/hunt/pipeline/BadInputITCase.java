package io.cloudexfil.hunt.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad lines never stop a run and are never lost: with --parse-all every one is counted and
 * dead-lettered; by default a well-formed-looking line holding no term of the detection is passed
 * over and counted as unparsed, and every other bad line is still rejected.
 */
class BadInputITCase {

    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                    .build());

    /** A job metric of the cloudexfil group, summed over the subtasks that carry it. */
    static long metric(JobID job, String name) {
        return METRICS.findMetrics(job, "cloudexfil." + name).values().stream()
                .mapToLong(m -> ((Gauge<?>) m).getValue() instanceof Long l ? l : 0L).sum();
    }

    static String rclone(String ts, long reportId) {
        return "{\"Timestamp\":\"" + ts + "\",\"DeviceId\":\"d1\",\"DeviceName\":\"h1\",\"FileName\":\"rclone.exe\","
                + "\"ProcessCommandLine\":\"rclone.exe copy C:\\\\data mega:loot\",\"AccountName\":\"u\",\"ReportId\":" + reportId + "}";
    }

    static byte[] gzip(String text, boolean truncate) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = bytes.toByteArray();
        return truncate ? Arrays.copyOf(all, all.length - 12) : all;
    }

    @Test
    void validRowsAlertAndEveryBadLineIsCountedAndDeadLettered(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("in");
        Path dir = Files.createDirectories(root.resolve("DeviceProcessEvents"));
        String ts = "2026-11-20T10:00:00.0000001Z";
        List<String> mixed = List.of(
                "\uFEFF" + rclone(ts, 1),           // BOM on the first line
                "",                                  // blank: skipped, not counted
                "{\"Timestamp\":\"2026-11-20T10:0",  // truncated
                "[1,2,3]",                           // array
                "\"just a string\"",                 // scalar
                rclone("20/11/2026 10:00", 2),       // timestamp in another format
                "{\"DeviceId\":\"d1\"}",             // no timestamp
                rclone(ts, 3) + "\r");               // CRLF
        Files.writeString(dir.resolve("mixed.jsonl"), String.join("\n", mixed) + "\n");
        Files.write(dir.resolve("garbage.json"), new byte[] {0x00, (byte) 0xFF, (byte) 0xFE, 0x13, '\n', '{', '\n'});
        Files.write(dir.resolve("ok.jsonl.gz"), gzip(rclone(ts, 4) + "\n", false));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append(rclone(ts, 1000 + i)).append('\n');
        }
        Files.write(dir.resolve("cut.jsonl.gz"), gzip(many.toString(), true));

        Path out = tmp.resolve("out");
        HuntWindow day = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));
        BatchHunt.Result r = BatchHunt.run(new BatchHunt.Options(root.toString(), out.toString(),
                day, io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, null, false, false, true));
        assertThat(r.counters()).doesNotContainKey("unparsed.DeviceProcessEvents");

        long events = r.counters().get("events.DeviceProcessEvents");
        // rows 1, 3, the good gzip's row, and the rows of the damaged gzip before the damage
        assertThat(events).isGreaterThan(3 + 1000);
        assertThat(r.alertsBySignal().get("CloudSyncTool")).isEqualTo(events);
        assertThat(r.counters()).containsEntry("rejected.DeviceProcessEvents.malformed_json", 3L)
                .containsEntry("rejected.DeviceProcessEvents.not_an_object", 2L)
                .containsEntry("rejected.DeviceProcessEvents.bad_timestamp", 2L)
                .containsEntry("rejected.DeviceProcessEvents.truncated_file", 1L)
                .containsEntry("files.DeviceProcessEvents", 4L);

        // the job's metrics say the same as the summary
        assertThat(metric(r.jobId(), "rejected_malformed_json")).isEqualTo(3);
        assertThat(metric(r.jobId(), "rejected_not_an_object")).isEqualTo(2);
        assertThat(metric(r.jobId(), "rejected_bad_timestamp")).isEqualTo(2);
        assertThat(metric(r.jobId(), "events")).isEqualTo(events);

        List<JsonNode> dead = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(r.rejectedDir()))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                dead.addAll(DetectionCase.readJsonLines(f));
            }
        }
        assertThat(dead).hasSize(8);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.path("file").asText()).contains("DeviceProcessEvents");
            assertThat(d.path("line").asLong()).isPositive();
            assertThat(d.path("reason").asText()).isNotBlank();
        });
        assertThat(dead).anySatisfy(d -> {
            assertThat(d.path("reason").asText()).isEqualTo("not_an_object");
            assertThat(d.path("raw").asText()).isEqualTo("[1,2,3]");
            assertThat(d.path("line").asLong()).isEqualTo(4);
        });

        // the default: the same alerts; only the row with no term of the detection (and no timestamp)
        // is passed over, every damaged line is still rejected
        BatchHunt.Result fast = BatchHunt.run(new BatchHunt.Options(root.toString(), tmp.resolve("fast").toString(),
                day, io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, null, false));
        assertThat(fast.alertsBySignal()).isEqualTo(r.alertsBySignal());
        assertThat(fast.counters()).containsEntry("unparsed.DeviceProcessEvents", 1L)
                .containsEntry("rejected.DeviceProcessEvents.malformed_json", 3L)
                .containsEntry("rejected.DeviceProcessEvents.not_an_object", 2L)
                .containsEntry("rejected.DeviceProcessEvents.bad_timestamp", 1L)
                .containsEntry("rejected.DeviceProcessEvents.truncated_file", 1L)
                .containsEntry("events.DeviceProcessEvents", events);
    }

    @Test
    void aValueOfTheWrongTypeIsKeptAsNullAndDeadLetteredWithItsLine(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in/DeviceProcessEvents"));
        String ts = "2026-11-20T10:00:00Z";
        Files.writeString(dir.resolve("typed.jsonl"), rclone(ts, 1) + "\n"
                + rclone(ts, 2).replace("\"ReportId\":2", "\"ReportId\":\"abc\"") + "\n");
        HuntWindow day = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));
        BatchHunt.Result r = BatchHunt.run(new BatchHunt.Options(tmp.resolve("in").toString(), tmp.resolve("out").toString(),
                day, io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, null, false));
        assertThat(r.counters()).containsEntry("events.DeviceProcessEvents", 2L)
                .containsEntry("type_errors.DeviceProcessEvents", 1L)
                .doesNotContainKey("rejected.DeviceProcessEvents.type_error");
        assertThat(r.alertsBySignal()).containsEntry("CloudSyncTool", 2L); // the row is kept, its ReportId NULL
        List<JsonNode> dead = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(r.rejectedDir()))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                dead.addAll(DetectionCase.readJsonLines(f));
            }
        }
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.path("reason").asText()).isEqualTo("type_error");
            assertThat(d.path("line").asLong()).isEqualTo(2);
            assertThat(d.path("file").asText()).endsWith("typed.jsonl");
            assertThat(d.path("detail").asText()).contains("ReportId");
            assertThat(d.path("raw").asText()).contains("\"abc\"");
        });
    }

    @Test
    void aFolderOfNothingButGarbageEndsCleanly(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in/DeviceNetworkEvents"));
        Files.writeString(dir.resolve("junk.json"), "not json\n%%%\n");
        BatchHunt.Result r = BatchHunt.run(new BatchHunt.Options(tmp.resolve("in").toString(),
                tmp.resolve("out").toString(), HuntWindow.unbounded(), io.cloudexfil.hunt.detection.DetectionPack.seed(), 1, null, false));
        assertThat(r.alerts()).isZero();
        assertThat(r.counters()).containsEntry("rejected.DeviceNetworkEvents.malformed_json", 2L);
        assertThat(r.counters().get("events.DeviceNetworkEvents")).isNull();
    }
}
