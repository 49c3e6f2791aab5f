package io.cloudexfil.hunt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudexfil.hunt.InJvmKafka;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.generate.SampleRows;
import io.cloudexfil.hunt.generate.TelemetryGenerator;
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
 * reading them and writing alerts to an output topic, and a consumer measuring, for every alert,
 * the delay from the record's production to its alert's arrival. The rows are the generator's
 * ({@code bin/hunt generate}: real width, about 3.4 KB per process row and 2.1 KB per network row,
 * 60% process), each sent with the time it is produced as its {@code Timestamp} and a ReportId of
 * its own; 1% of the events are the generator's planted hits (one or two alerts each). Each rate
 * runs in both delivery modes, in alternating order: exactly once (transactions committed at
 * checkpoints, read by a read_committed consumer; the delay includes the wait for the checkpoint)
 * and at least once (alerts written at once, read by a read_uncommitted consumer; repeats are
 * dropped by AlertId). Prints per rate and mode: events/s produced, events/s the job sustained,
 * p50/p99/max delay. The first {@code bench.warmup} seconds of each run are produced at the same rate
 * but their alerts are not counted: the JIT's first seconds are not the steady state.
 *
 * <p>Run: {@code ./mvnw -B -pl jobs -am -Pbench verify -Djmh.args=-l -Dbench.main=io.cloudexfil.hunt.bench.StreamLatencyBenchmark}
 * (options: {@code -Dbench.rates=10000,50000,100000 -Dbench.seconds=30 -Dbench.warmup=10 -Dbench.checkpoint=1s}).
 */
public final class StreamLatencyBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One event in this many alerts. */
    static final int ALERT_EVERY = 100;

    public static void main(String[] args) throws Exception {
        int[] rates = Arrays.stream(System.getProperty("bench.rates", "10000,50000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int seconds = Integer.getInteger("bench.seconds", 30);
        // the first seconds of a run are the JIT's: measured apart from the delays reported
        int warmup = Integer.getInteger("bench.warmup", 10);
        Duration checkpoint = Duration.parse("PT" + System.getProperty("bench.checkpoint", "1s").toUpperCase());
        Rows rows = Rows.generate(1);
        System.out.printf("machine: %d cores, %s; rows: %.0f B per process envelope, %.0f B per network envelope, "
                        + "%.0f B on average%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                rows.processBytes(), rows.networkBytes(), 0.6 * rows.processBytes() + 0.4 * rows.networkBytes());
        System.out.printf("each run: %d s of warm-up at the target rate (its alerts not counted), then %d s measured%n",
                warmup, seconds);
        System.out.printf("%-10s %-14s %-12s %-14s %-10s %-10s %-10s %-8s%n",
                "target/s", "delivery", "produced/s", "sustained/s", "p50 ms", "p99 ms", "max ms", "alerts");
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            for (int i = 0; i < rates.length; i++) {
                StreamHunt.Delivery[] order = i % 2 == 0
                        ? new StreamHunt.Delivery[] {StreamHunt.Delivery.EXACTLY_ONCE, StreamHunt.Delivery.AT_LEAST_ONCE}
                        : new StreamHunt.Delivery[] {StreamHunt.Delivery.AT_LEAST_ONCE, StreamHunt.Delivery.EXACTLY_ONCE};
                for (StreamHunt.Delivery d : order) {
                    runOnce(kafka, rows, rates[i], warmup, seconds, checkpoint, d);
                }
            }
        }
        System.exit(0);
    }

    static void runOnce(KafkaClusterTestKit kafka, Rows rows, int rate, int warmup, int seconds, Duration checkpoint,
                        StreamHunt.Delivery delivery) throws Exception {
        String run = rate + "-" + delivery.option();
        String in = "defender-" + run;
        String out = "alerts-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(in, 2, (short) 1), new NewTopic(out, 1, (short) 1))).all().get();
        }
        Path work = Files.createTempDirectory("hunt-stream-bench");
        Map<String, String> topics = new HashMap<>();
        DefenderTables.READ.forEach(t -> topics.put(t, in));
        JobClient job = StreamHunt.start(new StreamHunt.Options(null, work.toString(), HuntWindow.unbounded(),
                io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, checkpoint, Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofHours(1), null, null, true, false,
                new StreamHunt.KafkaIn(kafka.bootstrapServers(), topics, false, "bench-" + run, null),
                new StreamHunt.KafkaOut(kafka.bootstrapServers(), out, null)).withDelivery(delivery))
                .getJobClient().orElseThrow();
        Thread.sleep(5000); // let the job start before the clock runs

        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> delays = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lastAlertAt = new AtomicLong();
        AtomicLong repeats = new AtomicLong();
        String isolation = delivery == StreamHunt.Delivery.EXACTLY_ONCE ? "read_committed" : "read_uncommitted";
        long measuredFrom = (long) rate * warmup; // the ReportIds of the warm-up's events are below
        Thread consumer = new Thread(() -> consume(kafka, out, isolation, sentAt, delays, stop, lastAlertAt, repeats,
                measuredFrom),
                "alerts-reader");
        consumer.start();

        AtomicLong expectedAlerts = new AtomicLong();
        long producing = System.nanoTime();
        long produced = produce(kafka, in, rows, rate, warmup + seconds, measuredFrom, sentAt, expectedAlerts);
        long start = System.nanoTime();
        double producedFor = (start - producing) / 1e9; // longer than the target's seconds when the producer lags
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while (delays.size() < expectedAlerts.get() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stop.set(true);
        consumer.join();
        job.cancel().get();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.deleteTopics(List.of(in, out)).all().get(); // a 100k/s run leaves about 9 GB of log
        }

        long[] d = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        double producedRate = produced / producedFor;
        // sustained: all produced events processed within the production time plus the final catch-up
        double elapsed = producedFor + Math.max(0, (lastAlertAt.get() - start) / 1e9);
        double sustained = delays.size() < expectedAlerts.get()
                ? produced * (delays.size() / (double) expectedAlerts.get()) / elapsed : produced / elapsed;
        System.out.printf("%-10d %-14s %-12.0f %-14.0f %-10d %-10d %-10d %d/%d%s%n", rate, delivery.option(), producedRate,
                sustained, pct(d, 0.50), pct(d, 0.99), d.length == 0 ? -1 : d[d.length - 1], d.length, expectedAlerts.get(),
                repeats.get() == 0 ? "" : " (" + repeats.get() + " repeats dropped)");
    }

    static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /**
     * Generated rows split around their Timestamp and ReportId values, which each message replaces:
     * quiet rows (no signal) and planted hits, per table.
     */
    record Rows(List<Template> quietProcess, List<Template> quietNetwork, List<Template> hitProcess,
                List<Template> hitNetwork) {

        static Rows generate(long seed) throws java.io.IOException {
            return new Rows(templates(TelemetryGenerator.PROCESS_TABLE, seed, 3000, false),
                    templates(TelemetryGenerator.NETWORK_TABLE, seed, 2000, false),
                    templates(TelemetryGenerator.PROCESS_TABLE, seed + 1, 300, true),
                    templates(TelemetryGenerator.NETWORK_TABLE, seed + 1, 200, true));
        }

        static List<Template> templates(String table, long seed, int count, boolean hits) throws java.io.IOException {
            return SampleRows.of(table, seed, count, hits).stream().map(r -> Template.of(table, r)).toList();
        }

        double processBytes() {
            return quietProcess.stream().mapToInt(Template::width).average().orElse(0);
        }

        double networkBytes() {
            return quietNetwork.stream().mapToInt(Template::width).average().orElse(0);
        }
    }

    /** An envelope around a generated row, cut where the event's time and ReportId go. */
    record Template(String head, String middle, String tail, int signals) {

        private static final String TS = "{\"Timestamp\":\"";
        private static final String REPORT_ID = ",\"ReportId\":";

        static Template of(String table, SampleRows.Sample row) {
            String json = row.json();
            if (!json.startsWith(TS)) {
                throw new IllegalStateException("a generated row starts with its Timestamp: " + json.substring(0, 40));
            }
            int afterTs = json.indexOf('"', TS.length());
            int id = json.indexOf(REPORT_ID) + REPORT_ID.length();
            int idEnd = id;
            while (Character.isDigit(json.charAt(idEnd))) {
                idEnd++;
            }
            return new Template("\",\"category\":\"AdvancedHunting-" + table + "\",\"properties\":" + TS,
                    json.substring(afterTs, id), json.substring(idEnd) + ",\"Tenant\":\"DefaultTenant\"}", row.signals());
        }

        /** The envelope's bytes: what a message carries per event (with a 28-character time twice). */
        int width() {
            return "{\"time\":\"".length() + 28 + head.length() + 28 + middle.length() + 8 + tail.length();
        }

        void append(StringBuilder sb, String ts, long reportId) {
            sb.append("{\"time\":\"").append(ts).append(head).append(ts).append(middle).append(reportId).append(tail);
        }
    }

    /**
     * Produces {@code rate} events/s for {@code seconds}, 10 records per message; returns the count.
     * Alerts are expected of the events from the {@code measuredFrom}-th on.
     */
    static long produce(KafkaClusterTestKit kafka, String topic, Rows rows, int rate, int seconds, long measuredFrom,
                        Map<Long, Long> sentAt, AtomicLong expectedAlerts) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("linger.ms", "5");
        props.put("batch.size", String.valueOf(1 << 20));
        props.put("max.request.size", String.valueOf(8 << 20));
        long n = 0;
        long reportId = 0;
        java.time.format.DateTimeFormatter defender = java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long begin = System.nanoTime();
            long total = (long) rate * seconds;
            StringBuilder msg = new StringBuilder(64 << 10);
            while (n < total) {
                long due = begin + (long) (n * 1e9 / rate);
                long now = System.nanoTime();
                if (due > now) {
                    java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                }
                msg.setLength(0);
                msg.append("{\"records\":[");
                long sentMillis = System.currentTimeMillis();
                String ts = defender.format(java.time.Instant.ofEpochMilli(sentMillis));
                for (int k = 0; k < 10; k++, n++) {
                    boolean alert = n % ALERT_EVERY == 0;
                    boolean process = n % 5 < 3;
                    long id = reportId++;
                    int pick = (int) (n / ALERT_EVERY);
                    Template t = alert ? (process ? at(rows.hitProcess(), pick) : at(rows.hitNetwork(), pick))
                            : (process ? at(rows.quietProcess(), (int) n) : at(rows.quietNetwork(), (int) n));
                    if (alert && id >= measuredFrom) {
                        sentAt.put(id, sentMillis);
                        expectedAlerts.addAndGet(t.signals());
                    }
                    if (k > 0) {
                        msg.append(',');
                    }
                    t.append(msg, ts, id);
                }
                msg.append("]}");
                p.send(new ProducerRecord<>(topic, null, msg.toString().getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        return n;
    }

    static Template at(List<Template> list, int i) {
        return list.get(Math.floorMod(i, list.size()));
    }

    static void consume(KafkaClusterTestKit kafka, String topic, String isolation, Map<Long, Long> sentAt, List<Long> delays,
                        AtomicBoolean stop, AtomicLong lastAlertAt, AtomicLong repeats, long measuredFrom) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "bench-reader-" + topic);
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", isolation);
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    try {
                        JsonNode a = JSON.readTree(r.value());
                        if (!seen.add(a.path("AlertId").asText())) { // what an at-least-once consumer does
                            repeats.incrementAndGet();
                            continue;
                        }
                        Long sent = a.path("ReportId").asLong() < measuredFrom ? null : sentAt.get(a.path("ReportId").asLong());
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
