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
 * Seeded synthetic fleet telemetry in the flat layout {@code bin/hunt batch} reads:
 * {@code OUT/DeviceProcessEvents/part-00000.jsonl ...} and {@code OUT/DeviceNetworkEvents/part-00000.jsonl ...},
 * one compact JSON object per line.
 *
 * <p>What it models: {@value #DEVICES} devices (40-hex DeviceIds, FQDNs, a few macOS/Linux short
 * names) over the 24 hours of 2026-11-20 UTC with a working-day curve; 60% process and 40% network
 * rows; Defender's column names and value shapes (7 fractional digits and {@code Z}, Windows paths,
 * quoted and escaped command lines, hashes, account SIDs, null or empty {@code RemoteUrl}s,
 * {@code BytesSent} on about 30% of network rows). One row in {@link Options#hitEvery} per table
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
    public static final int FORMAT_VERSION = 1;
    public static final int DEVICES = 5000;
    /** The day the events fall on (UTC). */
    public static final String DAY = "2026-11-20";
    public static final long DEFAULT_FILE_BYTES = 256L << 20;
    public static final int DEFAULT_HIT_EVERY = 2000;
    public static final int DEFAULT_NEAR_MISS_EVERY = 1000;

    /** Average line lengths, measured, used only to choose a default file count. */
    static final int PROCESS_LINE_BYTES = 665;
    static final int NETWORK_LINE_BYTES = 485;

    private TelemetryGenerator() {}

    /**
     * What to write.
     *
     * @param events total rows over both tables
     * @param files files per table; 0 chooses a count that makes files of about 256 MB
     * @param hitEvery one planted hit per this many rows of each table
     * @param nearMissEvery one near miss per this many rows of each table
     */
    public record Options(long events, Path out, long seed, int files, int hitEvery, int nearMissEvery) {
        public Options {
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

        public static Options of(long events, Path out, long seed, int files) {
            return new Options(events, out, seed, files, DEFAULT_HIT_EVERY, DEFAULT_NEAR_MISS_EVERY);
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
        Files.createDirectories(out.resolve(PROCESS_TABLE));
        Files.createDirectories(out.resolve(NETWORK_TABLE));
    }

    private interface RowSourceFactory {
        RowSource create(JsonLineWriter w);
    }

    private static TableResult writeTable(Options o, RowObserver observer, String table, long rows, int files,
                                          RowSourceFactory factory) throws IOException {
        Path dir = o.out().resolve(table);
        JsonLineWriter w = new JsonLineWriter(null);
        RowSource src = factory.create(w);
        SplittableRandom r = src.random();
        long[] bySignal = new long[SIGNALS.size()];
        long hitRows = 0;
        long nearMisses = 0;
        long nextHit = -1;
        long nextNearMiss = -1;
        List<Path> written = new ArrayList<>(files);
        for (int f = 0; f < files; f++) {
            long from = rows * f / files;
            long to = rows * (f + 1) / files;
            Path path = dir.resolve(String.format("part-%05d.jsonl", f));
            try (OutputStream os = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                w.to(os);
                for (long i = from; i < to; i++) {
                    if (i % o.hitEvery() == 0) {
                        nextHit = i + r.nextInt(o.hitEvery());
                    }
                    if (i % o.nearMissEvery() == 0) {
                        nextNearMiss = i + r.nextInt(o.nearMissEvery());
                    }
                    RowKind kind = i == nextHit ? RowKind.HIT : i == nextNearMiss ? RowKind.NEAR_MISS : RowKind.BACKGROUND;
                    long tick = Row.tickAt((i + r.nextDouble()) / rows);
                    int mask = src.write(tick, kind);
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
                w.to(null);
            }
            written.add(path);
        }
        Map<String, Long> hits = new LinkedHashMap<>();
        for (int s = 0; s < bySignal.length; s++) {
            hits.put(SIGNALS.get(s), bySignal[s]);
        }
        return new TableResult(table, rows, w.written(), Collections.unmodifiableList(written),
                Collections.unmodifiableMap(hits), hitRows, nearMisses);
    }
}
