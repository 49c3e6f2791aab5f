package io.cloudexfil.hunt.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Seeded synthetic fleet telemetry in a layout {@code bin/hunt batch} reads (sql/tables/README.md §8):
 * <ul>
 *   <li>{@link Layout#FLAT}: {@code OUT/DeviceProcessEvents/part-00000.jsonl ...} and
 *       {@code OUT/DeviceNetworkEvents/part-00000.jsonl ...}, one compact JSON row per line;
 *   <li>{@link Layout#ENVELOPE}: the streaming API's storage export,
 *       {@code OUT/insights-logs-advancedhunting-<table>/tenantId=<guid>/y=2026/m=11/d=20/h=HH/m=00/PT1H.json},
 *       one blob per hour of publication, each line a record {@code {"time":…,"tenantId":…,
 *       "operationName":"Publish","category":"AdvancedHunting-<Table>","_TimeReceivedBySvc":…,
 *       "properties":{row},"Tenant":"DefaultTenant"}} ending in CRLF. {@code time} is 1.5 to 7
 *       minutes after the row's Timestamp, so the last minutes of an hour land in the next hour's
 *       blob (and the day's last in the next day's). The rows are byte for byte those of the flat
 *       layout.
 * </ul>
 *
 * <p>What it models: {@value #DEVICES} devices (40-hex DeviceIds, FQDNs, a few macOS/Linux short
 * names) over the 24 hours of 2026-11-20 UTC with a working-day curve; 60% process and 40% network
 * rows; every column the agent fills, in Defender's value shapes (sql/tables/README.md §3, §4, §10):
 * 7 fractional digits and {@code Z}, Windows, macOS and Linux paths, quoted and escaped command
 * lines, hashes, file sizes and version resources of the image and of the initiating process,
 * signer, integrity level, token elevation, sessions, logon ids, account SIDs, UPNs and object
 * ids, {@code AdditionalFields} as JSON inside a string (macOS and Linux process rows, network
 * inspection events), null or empty {@code RemoteUrl}s, {@code BytesSent} (not Defender's) on about
 * 30% of network rows. Rows average about 3.4 KB (process) and 2.1 KB (network), as real exports do. One row in {@link Options#hitEvery} per table
 * raises a signal of the exfiltration detection, and one in {@link Options#nearMissEvery} is a near
 * miss (a look-alike that KQL's {@code has} does not match: {@code notdropbox.com}, {@code omega:},
 * full-width or Cyrillic neighbours of {@code rclone}, ...).
 *
 * <p>Deterministic: the same events count and seed give the same bytes, whatever the file count
 * (files split the same row sequence at row boundaries). The two tables are written by two threads.
 */
public final class TelemetryGenerator {

    public static final String PROCESS_TABLE = "DeviceProcessEvents";
    public static final String NETWORK_TABLE = "DeviceNetworkEvents";
    /** The detection's signals, in the order of {@link Result#hitsBySignal()}. */
    public static final List<String> SIGNALS = List.of("LargeCloudUpload", "CloudSyncTool", "CloudApiUpload");
    /** Changes whenever the bytes written for a given seed change (benchmarks key cached data on it). */
    public static final int FORMAT_VERSION = 2;
    public static final int DEVICES = 5000;
    /** The day the events fall on (UTC). */
    public static final String DAY = "2026-11-20";
    public static final long DEFAULT_FILE_BYTES = 256L << 20;
    public static final int DEFAULT_HIT_EVERY = 2000;
    public static final int DEFAULT_NEAR_MISS_EVERY = 1000;

    /** Average line lengths (flat), measured, used only to choose a default file count. */
    static final int PROCESS_LINE_BYTES = 3411;
    static final int NETWORK_LINE_BYTES = 2149;

    /** How the rows are laid out on disk. */
    public enum Layout {
        /** {@code OUT/<Table>/part-NNNNN.jsonl}, LF. */
        FLAT,
        /** The streaming API's storage export: hourly {@code PT1H.json} blobs of envelopes, CRLF. */
        ENVELOPE;

        public static Layout parse(String s) {
            for (Layout l : values()) {
                if (l.name().equalsIgnoreCase(s)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("layout must be flat or envelope, got '" + s + "'");
        }
    }

    private TelemetryGenerator() {}

    /**
     * What to write.
     *
     * @param events total rows over both tables
     * @param files files per table (flat layout); 0 chooses a count that makes files of about 256 MB
     * @param hitEvery one planted hit per this many rows of each table
     * @param nearMissEvery one near miss per this many rows of each table
     * @param layout flat or envelope
     */
    public record Options(long events, Path out, long seed, int files, int hitEvery, int nearMissEvery, Layout layout) {
        public Options {
            if (layout == null) {
                throw new IllegalArgumentException("layout is required");
            }
            if (events < 1) {
                throw new IllegalArgumentException("--events must be at least 1, got " + events);
            }
            if (files < 0) {
                throw new IllegalArgumentException("--files must be at least 1, got " + files);
            }
            if (hitEvery < 2 || nearMissEvery < 2) {
                throw new IllegalArgumentException("hitEvery and nearMissEvery must be at least 2");
            }
        }

        public Options(long events, Path out, long seed, int files, int hitEvery, int nearMissEvery) {
            this(events, out, seed, files, hitEvery, nearMissEvery, Layout.FLAT);
        }

        public static Options of(long events, Path out, long seed, int files) {
            return of(events, out, seed, files, Layout.FLAT);
        }

        public static Options of(long events, Path out, long seed, int files, Layout layout) {
            return new Options(events, out, seed, files, DEFAULT_HIT_EVERY, DEFAULT_NEAR_MISS_EVERY, layout);
        }
    }

    /** What one table got. {@code hitsBySignal} counts alerts the detection must raise per signal. */
    public record TableResult(String table, long rows, long bytes, List<Path> files, Map<String, Long> hitsBySignal,
                              long hitRows, long nearMisses) {}

    public record Result(TableResult process, TableResult network, Duration elapsed) {

        public long events() {
            return process.rows() + network.rows();
        }

        public long bytes() {
            return process.bytes() + network.bytes();
        }

        /** Rows that must raise at least one signal. */
        public long hitRows() {
            return process.hitRows() + network.hitRows();
        }

        public long nearMisses() {
            return process.nearMisses() + network.nearMisses();
        }

        /** Alerts the detection must raise, per signal (one per row and signal). */
        public Map<String, Long> hitsBySignal() {
            Map<String, Long> m = new LinkedHashMap<>();
            for (String s : SIGNALS) {
                m.put(s, process.hitsBySignal().get(s) + network.hitsBySignal().get(s));
            }
            return m;
        }

        public List<Path> files() {
            List<Path> all = new ArrayList<>(process.files());
            all.addAll(network.files());
            return all;
        }
    }

    /** Rows of DeviceProcessEvents for a total: 60%. */
    public static long processRows(long events) {
        return Math.round(events * 0.6);
    }

    /** The default files per table: about 256 MB each for the larger table. */
    public static int defaultFiles(long events) {
        long bytes = Math.max(processRows(events) * PROCESS_LINE_BYTES, (events - processRows(events)) * NETWORK_LINE_BYTES);
        return (int) Math.max(1, Math.min(99_999, (bytes + DEFAULT_FILE_BYTES / 2) / DEFAULT_FILE_BYTES));
    }

    public static Result generate(Options o) throws IOException {
        return generate(o, (table, index, kind, mask) -> { });
    }

    /** Sees every row as it is written (tests check the planted labels row by row). */
    interface RowObserver {
        void row(String table, long index, RowKind kind, int signalBits);
    }

    static Result generate(Options o, RowObserver observer) throws IOException {
        long start = System.nanoTime();
        prepare(o.out());
        Fleet fleet = new Fleet(o.seed(), DEVICES);
        long processRows = processRows(o.events());
        long networkRows = o.events() - processRows;
        int files = o.files() > 0 ? o.files() : defaultFiles(o.events());
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "telemetry-generator");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<TableResult> process = pool.submit(() -> writeTable(o, observer, PROCESS_TABLE, processRows, files,
                    w -> new ProcessEvents(fleet, o.seed(), w, datePrefix())));
            Future<TableResult> network = pool.submit(() -> writeTable(o, observer, NETWORK_TABLE, networkRows, files,
                    w -> new NetworkEvents(fleet, o.seed(), w, datePrefix())));
            return new Result(process.get(), network.get(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] datePrefix() {
        return (DAY + "T").getBytes(StandardCharsets.US_ASCII);
    }

    /** The output folder must be missing or empty: generated data never mixes with other files. */
    private static void prepare(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IllegalArgumentException("output " + out + " is a file, not a folder");
            }
            try (Stream<Path> children = Files.list(out)) {
                if (children.findAny().isPresent()) {
                    throw new IllegalArgumentException("output " + out + " is not empty; give a new or empty folder");
                }
            }
        }
        Files.createDirectories(out);
    }

    /** The tenant of the envelope layout: a GUID drawn from the seed. */
    static String tenantId(long seed) {
        return Fleet.guid(new SplittableRandom(seed ^ 0x7A3B9C1D5E2F4061L));
    }

    private interface RowSourceFactory {
        RowSource create(JsonLineWriter w);
    }

    /** Where a table's lines go: part files (flat) or hourly blobs (envelope). */
    private interface Sink {
        /** Before the row at {@code tick} is written into {@code w}. */
        void begin(long tick) throws IOException;

        /** After the row's line is complete in {@code w}. */
        void end() throws IOException;
    }

    private static TableResult writeTable(Options o, RowObserver observer, String table, long rows, int files,
                                          RowSourceFactory factory) throws IOException {
        JsonLineWriter w = new JsonLineWriter(null);
        RowSource src = factory.create(w);
        SplittableRandom r = src.random();
        long[] bySignal = new long[SIGNALS.size()];
        long hitRows = 0;
        long nearMisses = 0;
        long nextHit = -1;
        long nextNearMiss = -1;
        List<Path> written = new ArrayList<>();
        Sink sink = o.layout() == Layout.FLAT ? new FlatSink(o.out().resolve(table), w, rows, files, written)
                : new EnvelopeSink(o, table, w, written);
        try {
            for (long i = 0; i < rows; i++) {
                if (i % o.hitEvery() == 0) {
                    nextHit = i + r.nextInt(o.hitEvery());
                }
                if (i % o.nearMissEvery() == 0) {
                    nextNearMiss = i + r.nextInt(o.nearMissEvery());
                }
                RowKind kind = i == nextHit ? RowKind.HIT : i == nextNearMiss ? RowKind.NEAR_MISS : RowKind.BACKGROUND;
                long tick = Row.tickAt((i + r.nextDouble()) / rows);
                if (sink instanceof FlatSink flat) {
                    flat.at(i);
                }
                sink.begin(tick);
                int mask = src.write(tick, kind);
                sink.end();
                observer.row(table, i, kind, mask);
                if (kind == RowKind.HIT) {
                    hitRows++;
                    for (int s = 0; s < bySignal.length; s++) {
                        if ((mask & (1 << s)) != 0) {
                            bySignal[s]++;
                        }
                    }
                } else if (kind == RowKind.NEAR_MISS) {
                    nearMisses++;
                }
            }
        } finally {
            if (sink instanceof FlatSink flat) {
                flat.finish();
            } else {
                ((EnvelopeSink) sink).close();
            }
        }
        Map<String, Long> hits = new LinkedHashMap<>();
        for (int s = 0; s < bySignal.length; s++) {
            hits.put(SIGNALS.get(s), bySignal[s]);
        }
        return new TableResult(table, rows, w.written(), Collections.unmodifiableList(written),
                Collections.unmodifiableMap(hits), hitRows, nearMisses);
    }

    /** {@code DIR/<Table>/part-NNNNN.jsonl}: the row sequence split at row boundaries into {@code files} files. */
    private static final class FlatSink implements Sink {
        private final Path dir;
        private final JsonLineWriter w;
        private final long rows;
        private final int files;
        private final List<Path> written;
        private int file = -1;
        private long fileEnd = 0;
        private OutputStream os;

        FlatSink(Path dir, JsonLineWriter w, long rows, int files, List<Path> written) throws IOException {
            Files.createDirectories(dir);
            this.dir = dir;
            this.w = w;
            this.rows = rows;
            this.files = files;
            this.written = written;
        }

        /** Opens the next file when row {@code i} starts it. */
        void at(long i) throws IOException {
            while (i >= fileEnd && file + 1 < files) {
                close();
                file++;
                fileEnd = rows * (file + 1) / files;
                Path path = dir.resolve(String.format("part-%05d.jsonl", file));
                os = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                w.to(os);
                written.add(path);
            }
        }

        @Override
        public void begin(long tick) {}

        @Override
        public void end() {}

        private void close() throws IOException {
            if (os != null) {
                w.to(null);
                os.close();
                os = null;
            }
        }

        /** Closes the last file; files no row fell into (more files than rows) are written empty. */
        void finish() throws IOException {
            at(rows);
            close();
            while (file + 1 < files) {
                file++;
                Path path = dir.resolve(String.format("part-%05d.jsonl", file));
                Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                written.add(path);
            }
        }
    }

    /**
     * The streaming API's storage export: each row wrapped in an envelope, appended to the blob of
     * the hour of its publication time ({@code time}). Rows come in Timestamp order and are
     * published 1.5 to 7 minutes later, so at most two blobs are open: the current hour's and the
     * next one's.
     */
    private static final class EnvelopeSink implements Sink {
        private static final long HOUR = Row.DAY_TICKS / 24;
        private static final byte[] K_TIME = "{\"time\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] END = "},\"Tenant\":\"DefaultTenant\"}\r\n".getBytes(StandardCharsets.US_ASCII);

        private final Path container;
        private final JsonLineWriter w;
        private final List<Path> written;
        private final byte[] tenantCategory;
        private final byte[] receivedKey = ",\"_TimeReceivedBySvc\":".getBytes(StandardCharsets.US_ASCII);
        private final byte[] propertiesKey = ",\"properties\":".getBytes(StandardCharsets.US_ASCII);
        /** Draws of the publication delays: a stream of their own, so the rows equal the flat layout's. */
        private final SplittableRandom delays;
        private final Map<Long, OutputStream> open = new LinkedHashMap<>();
        private long hour;

        EnvelopeSink(Options o, String table, JsonLineWriter w, List<Path> written) {
            String tenant = tenantId(o.seed());
            this.container = o.out().resolve("insights-logs-advancedhunting-" + table.toLowerCase(java.util.Locale.ROOT))
                    .resolve("tenantId=" + tenant);
            this.w = w;
            this.written = written;
            this.tenantCategory = (",\"tenantId\":\"" + tenant + "\",\"operationName\":\"Publish\",\"category\":\"AdvancedHunting-"
                    + table + "\"").getBytes(StandardCharsets.US_ASCII);
            this.delays = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + (table.equals(PROCESS_TABLE) ? 21 : 22));
            w.lineEnd(END);
        }

        @Override
        public void begin(long tick) throws IOException {
            long published = tick + 90 * 10_000_000L + (long) (delays.nextDouble() * 330 * 10_000_000L);
            long received = tick + 10 * 10_000_000L + (long) (delays.nextDouble() * 70 * 10_000_000L);
            hour = Math.floorDiv(published, HOUR);
            // blobs of hours before the row's own can take no more rows
            long current = Math.floorDiv(tick, HOUR);
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey() < current) {
                    e.getValue().close();
                    it.remove();
                }
            }
            w.raw(K_TIME);
            Row.time(w, published);
            w.raw(tenantCategory);
            w.raw(receivedKey);
            Row.time(w, received);
            w.raw(propertiesKey);
        }

        @Override
        public void end() throws IOException {
            OutputStream os = open.get(hour);
            if (os == null) {
                long day = Math.floorDiv(hour, 24);
                java.time.LocalDate date = java.time.LocalDate.parse(DAY).plusDays(day);
                Path dir = container.resolve(String.format("y=%04d/m=%02d/d=%02d/h=%02d/m=00", date.getYear(),
                        date.getMonthValue(), date.getDayOfMonth(), hour - day * 24));
                Files.createDirectories(dir);
                Path blob = dir.resolve("PT1H.json");
                os = new java.io.BufferedOutputStream(
                        Files.newOutputStream(blob, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 20);
                open.put(hour, os);
                written.add(blob);
            }
            os.write(w.buffer(), 0, w.lineStart());
            w.dropLines();
        }

        void close() throws IOException {
            for (OutputStream os : open.values()) {
                os.close();
            }
            open.clear();
        }
    }
}
