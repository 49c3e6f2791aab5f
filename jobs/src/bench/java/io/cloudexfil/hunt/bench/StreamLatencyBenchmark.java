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
        if ("capacity".equals(System.getProperty("bench.mode", "latency"))) {
            capacity(rows, Long.getLong("bench.backlog", 3_000_000L), Integer.getInteger("bench.rounds", 2), checkpoint);
            System.exit(0);
        }
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

    /**
     * How many events a second the job gets through when it never waits for the producer: a backlog
     * produced before any job starts (the producer alone on the cores), then read from its start by
     * one job per delivery mode and round, the modes alternating. Its rate is taken from the alerts'
     * arrival: they are planted evenly, so the k-th of n alerts marks k/n of the backlog done. The
     * first third is left out (the job's start and its JIT's first seconds).
     */
    static void capacity(Rows rows, long backlog, int rounds, Duration checkpoint) throws Exception {
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            String in = "backlog";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(in, 2, (short) 1))).all().get();
            }
            AtomicLong expected = new AtomicLong();
            long t0 = System.nanoTime();
            long produced = produce(kafka, in, rows, 0, backlog, 0, null, expected);
            double took = (System.nanoTime() - t0) / 1e9;
            System.out.printf("backlog: %d events (%d alerts expected) produced in %.1f s by the producer alone: %.0f events/s%n",
                    produced, expected.get(), took, produced / took);
            System.out.printf("%-6s %-14s %-14s %-16s %-16s %-14s %-8s%n", "round", "delivery", "drained in s",
                    "events/s (all)", "events/s (2/3)", "CPU s/M events", "alerts");
            for (int r = 0; r < rounds; r++) {
                StreamHunt.Delivery[] order = r % 2 == 0
                        ? new StreamHunt.Delivery[] {StreamHunt.Delivery.AT_LEAST_ONCE, StreamHunt.Delivery.EXACTLY_ONCE}
                        : new StreamHunt.Delivery[] {StreamHunt.Delivery.EXACTLY_ONCE, StreamHunt.Delivery.AT_LEAST_ONCE};
                for (StreamHunt.Delivery d : order) {
                    drain(kafka, in, produced, expected.get(), r + 1, checkpoint, d);
                }
            }
        }
    }

    static void drain(KafkaClusterTestKit kafka, String in, long backlog, long expected, int round, Duration checkpoint,
                      StreamHunt.Delivery delivery) throws Exception {
        String run = "drain-" + round + "-" + delivery.option();
        String out = "alerts-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(out, 1, (short) 1))).all().get();
        }
        List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong repeats = new AtomicLong();
        String isolation = delivery == StreamHunt.Delivery.EXACTLY_ONCE ? "read_committed" : "read_uncommitted";
        Thread consumer = new Thread(() -> consumeArrivals(kafka, out, isolation, arrivals, stop, repeats), "alerts-reader");
        consumer.start();
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        Path work = Files.createTempDirectory("hunt-stream-bench");
        Map<String, String> topics = new HashMap<>();
        DefenderTables.READ.forEach(t -> topics.put(t, in));
        long start = System.nanoTime();
        JobClient job = StreamHunt.start(new StreamHunt.Options(null, work.toString(), HuntWindow.unbounded(),
                io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, checkpoint, Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofHours(1), null, null, true, false,
                new StreamHunt.KafkaIn(kafka.bootstrapServers(), topics, false, "bench-" + run, null),
                new StreamHunt.KafkaOut(kafka.bootstrapServers(), out, null)).withDelivery(delivery))
                .getJobClient().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(120, backlog / 5_000)).toNanos();
        while (arrivals.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long cpu = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - cpu0;
        stop.set(true);
        consumer.join();
        job.cancel().get();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.deleteTopics(List.of(out)).all().get();
        }
        long[] t = arrivals.stream().mapToLong(Long::longValue).sorted().toArray();
        if (t.length < 2) {
            System.out.printf("%-6d %-14s no alerts arrived%n", round, delivery.option());
            return;
        }
        int third = t.length / 3;
        double all = (t[t.length - 1] - start) / 1e9;
        double lastTwoThirds = (t[t.length - 1] - t[third]) / 1e9;
        System.out.printf("%-6d %-14s %-14.1f %-16.0f %-16.0f %-14.1f %d/%d%s%n", round, delivery.option(), all,
                backlog / all, backlog * (t.length - third) / (double) t.length / lastTwoThirds, cpu / 1e9 / (backlog / 1e6),
                t.length, expected, repeats.get() == 0 ? "" : " (" + repeats.get() + " repeats dropped)");
    }

    static void consumeArrivals(KafkaClusterTestKit kafka, String topic, String isolation, List<Long> arrivals,
                                AtomicBoolean stop, AtomicLong repeats) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "bench-reader-" + topic);
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", isolation);
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    try {
                        if (!seen.add(JSON.readTree(r.value()).path("AlertId").asText())) {
                            repeats.incrementAndGet();
                        } else {
                            arrivals.add(now);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }
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

    /** An envelope around a generated row, cut where the event's time and ReportId go (as bytes: the producer copies them). */
    record Template(byte[] head, byte[] middle, byte[] tail, int signals) {

        private static final String TS = "{\"Timestamp\":\"";
        private static final String REPORT_ID = ",\"ReportId\":";
        private static final byte[] OPEN = "{\"time\":\"".getBytes(StandardCharsets.UTF_8);

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
            return new Template(utf8("\",\"category\":\"AdvancedHunting-" + table + "\",\"properties\":" + TS),
                    utf8(json.substring(afterTs, id)), utf8(json.substring(idEnd) + ",\"Tenant\":\"DefaultTenant\"}"),
                    row.signals());
        }

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        /** The envelope's bytes: what a message carries per event (with a 28-character time twice). */
        int width() {
            return OPEN.length + 28 + head.length + 28 + middle.length + 8 + tail.length;
        }

        void append(Message m, byte[] ts, long reportId) {
            m.put(OPEN).put(ts).put(head).put(ts).put(middle).putDecimal(reportId).put(tail);
        }
    }

    /** A message's bytes, built without Strings: the producer must cost little beside the job. */
    static final class Message {
        private byte[] buf = new byte[64 << 10];
        private int len;

        Message reset() {
            len = 0;
            return this;
        }

        Message put(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }

        Message put(char c) {
            ensure(1);
            buf[len++] = (byte) c;
            return this;
        }

        Message putDecimal(long v) {
            return put(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }
    }

    private static final byte[] RECORDS_OPEN = "{\"records\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RECORDS_CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

    /**
     * Produces {@code rate} events/s for {@code seconds}, 10 records per message; returns the count.
     * Alerts are expected of the events from the {@code measuredFrom}-th on.
     */
    static long produce(KafkaClusterTestKit kafka, String topic, Rows rows, int rate, int seconds, long measuredFrom,
                        Map<Long, Long> sentAt, AtomicLong expectedAlerts) {
        return produce(kafka, topic, rows, rate, (long) rate * seconds, measuredFrom, sentAt, expectedAlerts);
    }

    /** Produces {@code total} events, {@code rate} a second (0: as fast as the producer can); returns the count. */
    static long produce(KafkaClusterTestKit kafka, String topic, Rows rows, int rate, long total, long measuredFrom,
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
            Message msg = new Message();
            long tsMillis = -1;
            byte[] ts = null;
            while (n < total) {
                long due = rate <= 0 ? 0 : begin + (long) (n * 1e9 / rate);
                long now = System.nanoTime();
                if (due > now) {
                    java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                }
                msg.reset().put(RECORDS_OPEN);
                long sentMillis = System.currentTimeMillis();
                if (sentMillis != tsMillis) {
                    tsMillis = sentMillis;
                    ts = defender.format(java.time.Instant.ofEpochMilli(sentMillis)).getBytes(StandardCharsets.US_ASCII);
                }
                for (int k = 0; k < 10; k++, n++) {
                    boolean alert = n % ALERT_EVERY == 0;
                    boolean process = n % 5 < 3;
                    long id = reportId++;
                    int pick = (int) (n / ALERT_EVERY);
                    Template t = alert ? (process ? at(rows.hitProcess(), pick) : at(rows.hitNetwork(), pick))
                            : (process ? at(rows.quietProcess(), (int) n) : at(rows.quietNetwork(), (int) n));
                    if (alert && id >= measuredFrom) {
                        if (sentAt != null) {
                            sentAt.put(id, sentMillis);
                        }
                        expectedAlerts.addAndGet(t.signals());
                    }
                    if (k > 0) {
                        msg.put(',');
                    }
                    t.append(msg, ts, id);
                }
                msg.put(RECORDS_CLOSE);
                p.send(new ProducerRecord<>(topic, null, msg.bytes()));
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
