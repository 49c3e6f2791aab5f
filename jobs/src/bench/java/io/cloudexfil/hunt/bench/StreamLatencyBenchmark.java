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
 * (options: {@code -Dbench.rates=10000,50000,100000 -Dbench.seconds=30 -Dbench.warmup=10 -Dbench.checkpoint=1s};
 * {@code -Dbench.mode=capacity -Dbench.backlog=3000000 -Dbench.rounds=2 [-Dbench.profile=/tmp/drain]} for {@link #capacity};
 * the profile covers the backlog's production and the last round's drains).
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
        List<Layout> layouts = Arrays.stream(System.getProperty("bench.layouts", "mixed").split(","))
                .map(l -> Layout.valueOf(l.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'))).toList();
        System.out.printf("machine: %d cores, %s; rows: %.0f B per process envelope, %.0f B per network envelope, "
                        + "%.0f B on average%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                rows.processBytes(), rows.networkBytes(), 0.6 * rows.processBytes() + 0.4 * rows.networkBytes());
        if ("capacity".equals(System.getProperty("bench.mode", "latency"))) {
            for (Layout layout : layouts) {
                capacity(rows, layout, Long.getLong("bench.backlog", 3_000_000L), Integer.getInteger("bench.rounds", 2),
                        checkpoint);
            }
            System.exit(0);
        }
        System.out.printf("each run: %d s of warm-up at the target rate (its alerts not counted), then %d s measured%n",
                warmup, seconds);
        System.out.printf("%-10s %-10s %-14s %-12s %-14s %-10s %-10s %-10s %-8s%n",
                "target/s", "topics", "delivery", "produced/s", "sustained/s", "p50 ms", "p99 ms", "max ms", "alerts");
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            int i = 0;
            for (Layout layout : layouts) {
                for (int rate : rates) {
                    StreamHunt.Delivery[] order = i++ % 2 == 0
                            ? new StreamHunt.Delivery[] {StreamHunt.Delivery.EXACTLY_ONCE, StreamHunt.Delivery.AT_LEAST_ONCE}
                            : new StreamHunt.Delivery[] {StreamHunt.Delivery.AT_LEAST_ONCE, StreamHunt.Delivery.EXACTLY_ONCE};
                    for (StreamHunt.Delivery d : order) {
                        runOnce(kafka, rows, layout, rate, warmup, seconds, checkpoint, d);
                    }
                }
            }
        }
        System.exit(0);
    }

    static void runOnce(KafkaClusterTestKit kafka, Rows rows, Layout layout, int rate, int warmup, int seconds,
                        Duration checkpoint, StreamHunt.Delivery delivery) throws Exception {
        String run = rate + "-" + layout.option() + "-" + delivery.option();
        String in = "defender-" + run;
        String out = "alerts-" + run;
        createTopics(kafka, layout.topics(in), out);
        Path work = Files.createTempDirectory("hunt-stream-bench");
        Map<String, String> topics = layout.tableTopics(in);
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
        long produced = produce(kafka, in, layout, rows, rate, (long) rate * (warmup + seconds), measuredFrom, sentAt,
                expectedAlerts);
        long start = System.nanoTime();
        double producedFor = (start - producing) / 1e9; // longer than the target's seconds when the producer lags
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while (delays.size() < expectedAlerts.get() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stop.set(true);
        consumer.join();
        job.cancel().get();
        deleteTopics(kafka, layout.topics(in), out); // a 100k/s run leaves about 9 GB of log

        long[] d = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        double producedRate = produced / producedFor;
        // sustained: all produced events processed within the production time plus the final catch-up
        double elapsed = producedFor + Math.max(0, (lastAlertAt.get() - start) / 1e9);
        double sustained = delays.size() < expectedAlerts.get()
                ? produced * (delays.size() / (double) expectedAlerts.get()) / elapsed : produced / elapsed;
        System.out.printf("%-10d %-10s %-14s %-12.0f %-14.0f %-10d %-10d %-10d %d/%d%s%n", rate, layout.option(),
                delivery.option(), producedRate,
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
    static void capacity(Rows rows, Layout layout, long backlog, int rounds, Duration checkpoint) throws Exception {
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            String in = "backlog";
            createTopics(kafka, layout.topics(in));
            AtomicLong expected = new AtomicLong();
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            String profile = System.getProperty("bench.profile", "");
            if (!profile.isEmpty()) { // what producing costs, broker included
                one.profiler.AsyncProfiler.getInstance().execute("start,event=itimer,interval=5ms,threads");
            }
            long produced = produce(kafka, in, layout, rows, 0, backlog, 0, null, expected);
            double took = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            if (!profile.isEmpty()) {
                one.profiler.AsyncProfiler.getInstance().execute("stop,collapsed,file=" + profile + "-" + layout.option()
                        + "-produce.collapsed");
            }
            // what producing costs the cores, broker included: a latency run at a rate shares them with the job
            System.out.printf("topics: %s; backlog: %d events (%d alerts expected) produced in %.1f s by the producer alone: %.0f events/s, "
                            + "%.1f CPU s per million events (producer and broker)%n",
                    layout.option(), produced, expected.get(), took, produced / took, cpu / (produced / 1e6));
            System.out.printf("%-6s %-14s %-14s %-16s %-16s %-14s %-8s%n", "round", "delivery", "drained in s",
                    "events/s (all)", "events/s (2/3)", "CPU s/M events", "alerts");
            for (int r = 0; r < rounds; r++) {
                StreamHunt.Delivery[] order = r % 2 == 0
                        ? new StreamHunt.Delivery[] {StreamHunt.Delivery.AT_LEAST_ONCE, StreamHunt.Delivery.EXACTLY_ONCE}
                        : new StreamHunt.Delivery[] {StreamHunt.Delivery.EXACTLY_ONCE, StreamHunt.Delivery.AT_LEAST_ONCE};
                for (StreamHunt.Delivery d : order) {
                    // where the CPU goes, once the JIT has compiled the job: the last round, if asked
                    drain(kafka, in, layout, produced, expected.get(), r + 1, checkpoint, d,
                            profile.isEmpty() || r < rounds - 1 ? null : profile + "-" + layout.option() + "-" + d.option() + ".collapsed");
                }
            }
        }
    }

    /** @param profile a file for async-profiler's collapsed stacks of this run (CPU time, per thread), or null */
    static void drain(KafkaClusterTestKit kafka, String in, Layout layout, long backlog, long expected, int round,
                      Duration checkpoint, StreamHunt.Delivery delivery, String profile) throws Exception {
        String run = "drain-" + round + "-" + delivery.option();
        String out = "alerts-" + run;
        createTopics(kafka, List.of(), out);
        List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong repeats = new AtomicLong();
        String isolation = delivery == StreamHunt.Delivery.EXACTLY_ONCE ? "read_committed" : "read_uncommitted";
        Thread consumer = new Thread(() -> consumeArrivals(kafka, out, isolation, arrivals, stop, repeats), "alerts-reader");
        consumer.start();
        long cpu0 = processCpuNanos();
        Path work = Files.createTempDirectory("hunt-stream-bench");
        Map<String, String> topics = layout.tableTopics(in);
        if (profile != null) {
            one.profiler.AsyncProfiler.getInstance().execute("start,event=itimer,interval=5ms,threads");
        }
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
        long cpu = processCpuNanos() - cpu0;
        if (profile != null) {
            one.profiler.AsyncProfiler.getInstance().execute("stop,collapsed,file=" + profile);
        }
        stop.set(true);
        consumer.join();
        job.cancel().get();
        deleteTopics(kafka, List.of(), out);
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

    /** Input topics of two partitions (as a hub has several) and, if given, an output topic of one. */
    static void createTopics(KafkaClusterTestKit kafka, List<String> inputs, String... outputs) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        inputs.forEach(t -> topics.add(new NewTopic(t, 2, (short) 1)));
        Arrays.stream(outputs).forEach(t -> topics.add(new NewTopic(t, 1, (short) 1)));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(topics).all().get();
        }
    }

    static void deleteTopics(KafkaClusterTestKit kafka, List<String> inputs, String... outputs) throws Exception {
        List<String> topics = new ArrayList<>(inputs);
        topics.addAll(Arrays.asList(outputs));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.deleteTopics(topics).all().get();
        }
    }

    /** A consumer of the alerts topic from its start, reading committed or all records as the delivery mode asks. */
    static KafkaConsumer<byte[], byte[]> alertsConsumer(KafkaClusterTestKit kafka, String topic, String isolation) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "bench-reader-" + topic);
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", isolation);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static void consumeArrivals(KafkaClusterTestKit kafka, String topic, String isolation, List<Long> arrivals,
                                AtomicBoolean stop, AtomicLong repeats) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (KafkaConsumer<byte[], byte[]> c = alertsConsumer(kafka, topic, isolation)) {
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
    private static final byte[] COMMA = {','};

    /**
     * How the events reach Kafka, the two ways Defender streams to Event Hubs: one named hub for all
     * tables (each message mixes them, and every table's source reads every message), or a hub per
     * table, Defender's default when no hub is named (a source reads only its own table's messages).
     */
    enum Layout {
        MIXED, PER_TABLE;

        String option() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The topics produced to: one, or the process table's and the network table's. */
        List<String> topics(String base) {
            return this == MIXED ? List.of(base) : List.of(base + "-process", base + "-network");
        }

        /** Each read table's topic, for the job. */
        Map<String, String> tableTopics(String base) {
            Map<String, String> topics = new HashMap<>();
            List<String> t = topics(base);
            topics.put(TelemetryGenerator.PROCESS_TABLE, t.get(0));
            topics.put(TelemetryGenerator.NETWORK_TABLE, t.get(t.size() - 1));
            DefenderTables.READ.forEach(table -> topics.putIfAbsent(table, t.get(0)));
            return topics;
        }
    }

    /**
     * Produces {@code total} events, {@code rate} a second (0: as fast as the producer can), 10
     * records per message; returns the count. Alerts are expected of the events from the
     * {@code measuredFrom}-th on.
     */
    static long produce(KafkaClusterTestKit kafka, String topic, Layout layout, Rows rows, int rate, long total, long measuredFrom,
                        Map<Long, Long> sentAt, AtomicLong expectedAlerts) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("linger.ms", "5");
        props.put("batch.size", String.valueOf(1 << 20));
        props.put("max.request.size", String.valueOf(8 << 20));
        long n = 0;
        java.time.format.DateTimeFormatter defender = java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);
        List<String> topics = layout.topics(topic);
        Message[] messages = {new Message(), new Message()};
        int[] inMessage = new int[2];
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long begin = System.nanoTime();
            long tsMillis = -1;
            byte[] ts = null;
            long sentMillis = 0;
            for (; n < total; n++) {
                if (n % 10 == 0) {
                    long due = rate <= 0 ? 0 : begin + (long) (n * 1e9 / rate);
                    long now = System.nanoTime();
                    if (due > now) {
                        java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                    }
                    sentMillis = System.currentTimeMillis();
                    if (sentMillis != tsMillis) {
                        tsMillis = sentMillis;
                        ts = defender.format(java.time.Instant.ofEpochMilli(sentMillis)).getBytes(StandardCharsets.US_ASCII);
                    }
                }
                boolean alert = n % ALERT_EVERY == 0;
                boolean process = n % 5 < 3;
                int pick = (int) (n / ALERT_EVERY);
                Template t = alert ? (process ? at(rows.hitProcess(), pick) : at(rows.hitNetwork(), pick))
                        : (process ? at(rows.quietProcess(), (int) n) : at(rows.quietNetwork(), (int) n));
                if (alert && n >= measuredFrom) {
                    if (sentAt != null) {
                        sentAt.put(n, sentMillis);
                    }
                    expectedAlerts.addAndGet(t.signals());
                }
                int m = layout == Layout.MIXED || process ? 0 : 1;
                messages[m].put(inMessage[m] == 0 ? RECORDS_OPEN : COMMA);
                t.append(messages[m], ts, n); // the ReportId is the event's number
                if (++inMessage[m] == 10) {
                    p.send(new ProducerRecord<>(topics.get(m), null, messages[m].put(RECORDS_CLOSE).bytes()));
                    messages[m].reset();
                    inMessage[m] = 0;
                }
            }
            for (int m = 0; m < 2; m++) {
                if (inMessage[m] > 0) {
                    p.send(new ProducerRecord<>(topics.get(m), null, messages[m].put(RECORDS_CLOSE).bytes()));
                }
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
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (KafkaConsumer<byte[], byte[]> c = alertsConsumer(kafka, topic, isolation)) {
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
