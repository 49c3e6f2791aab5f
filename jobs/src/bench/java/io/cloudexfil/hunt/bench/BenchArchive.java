package io.cloudexfil.hunt.bench;

import io.cloudexfil.hunt.generate.TelemetryGenerator;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark's input: a generated archive in the flat layout, reused across runs. A marker file
 * ({@value #MARKER}, hidden from hunt by its leading '_') is written last and names the events
 * count, seed, files per table and generator format; an archive without a matching marker is
 * incomplete or stale and is regenerated, but only if it holds nothing but generated files.
 */
final class BenchArchive {

    static final String MARKER = "_bench-complete.properties";
    private static final Pattern PART = Pattern.compile("part-\\d{5}\\.jsonl");

    final Path root;
    final List<Path> files;
    final long bytes;
    final boolean reused;
    final double generationSeconds;
    /** Alerts the generator planted per signal (what a correct detection must report). */
    final Map<String, Long> planted;
    final long events;

    private BenchArchive(Path root, List<Path> files, long bytes, boolean reused, double generationSeconds,
                         Map<String, Long> planted, long events) {
        this.root = root;
        this.files = files;
        this.bytes = bytes;
        this.reused = reused;
        this.generationSeconds = generationSeconds;
        this.planted = planted;
        this.events = events;
    }

    static BenchArchive prepare(Path root, long events, long seed, int filesPerTable) throws IOException {
        int files = filesPerTable > 0 ? filesPerTable : TelemetryGenerator.defaultFiles(events);
        Properties want = new Properties();
        want.setProperty("events", Long.toString(events));
        want.setProperty("seed", Long.toString(seed));
        want.setProperty("files_per_table", Integer.toString(files));
        want.setProperty("format", Integer.toString(TelemetryGenerator.FORMAT_VERSION));

        Path marker = root.resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            Properties have = new Properties();
            try (Reader r = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
                have.load(r);
            }
            boolean same = want.stringPropertyNames().stream().allMatch(k -> want.getProperty(k).equals(have.getProperty(k)));
            if (same) {
                List<Path> found = dataFiles(root);
                long bytes = size(found);
                if (found.size() == 2 * files && Long.toString(bytes).equals(have.getProperty("bytes"))) {
                    Map<String, Long> planted = new LinkedHashMap<>();
                    for (String s : TelemetryGenerator.SIGNALS) {
                        planted.put(s, Long.parseLong(have.getProperty("planted." + s, "-1")));
                    }
                    return new BenchArchive(root, found, bytes, true, 0, planted, events);
                }
            }
        }
        clearGenerated(root);
        TelemetryGenerator.Result g = TelemetryGenerator.generate(TelemetryGenerator.Options.of(events, root, seed, files));
        Properties done = new Properties();
        done.putAll(want);
        done.setProperty("bytes", Long.toString(g.bytes()));
        done.setProperty("generated_at", Instant.now().toString());
        g.hitsBySignal().forEach((s, n) -> done.setProperty("planted." + s, Long.toString(n)));
        done.setProperty("rows_with_a_hit", Long.toString(g.hitRows()));
        done.setProperty("near_misses", Long.toString(g.nearMisses()));
        try (Writer w = Files.newBufferedWriter(marker, StandardCharsets.UTF_8)) {
            done.store(w, "complete archive of the backfill benchmark (TelemetryGenerator)");
        }
        return new BenchArchive(root, dataFiles(root), g.bytes(), false, g.elapsed().toMillis() / 1000.0,
                g.hitsBySignal(), events);
    }

    /**
     * Removes what an earlier (other or unfinished) generation left; refuses a folder holding
     * anything else, so a mistyped bench.dir cannot delete someone's data.
     */
    private static void clearGenerated(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Set<String> ours = Set.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE, MARKER);
        List<Path> toDelete = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            for (Path p : top.toList()) {
                String name = p.getFileName().toString();
                if (!ours.contains(name)) {
                    throw new IllegalArgumentException("bench.dir " + root + " holds '" + name
                            + "', which the benchmark did not write; remove it or choose another bench.dir");
                }
                if (Files.isDirectory(p)) {
                    try (Stream<Path> inner = Files.list(p)) {
                        for (Path f : inner.toList()) {
                            if (!Files.isRegularFile(f) || !PART.matcher(f.getFileName().toString()).matches()) {
                                throw new IllegalArgumentException("bench.dir " + root + " holds " + f
                                        + ", which the benchmark did not write; remove it or choose another bench.dir");
                            }
                            toDelete.add(f);
                        }
                    }
                }
                toDelete.add(p);
            }
        }
        toDelete.sort(Comparator.comparingInt((Path p) -> p.getNameCount()).reversed());
        for (Path p : toDelete) {
            Files.delete(p);
        }
    }

    private static List<Path> dataFiles(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String t : List.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE)) {
            Path dir = root.resolve(t);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> PART.matcher(p.getFileName().toString()).matches()).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }

    private static long size(List<Path> files) throws IOException {
        long n = 0;
        for (Path f : files) {
            n += Files.size(f);
        }
        return n;
    }

    long bytes(String table) throws IOException {
        long n = 0;
        for (Path f : files) {
            if (f.getParent().getFileName().toString().equals(table)) {
                n += Files.size(f);
            }
        }
        return n;
    }

    long count(String table) {
        return files.stream().filter(f -> f.getParent().getFileName().toString().equals(table)).count();
    }
}
