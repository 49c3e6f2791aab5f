package io.cloudexfil.hunt.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of one run in one JVM: events per table, rejections per reason, repairs, files. File
 * readers add to it when they finish a file; each addition rewrites this JVM's snapshot file
 * {@code <statsDir>/<jvm id>.json}, so the client can add up all JVMs when the job ends (a batch
 * summary) or at any time (a running stream).
 */
public final class RunStats {

    private static final Map<String, RunStats> BY_RUN = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String statsDir;
    private final String jvmId = UUID.randomUUID().toString();
    private final Map<String, Long> counters = new TreeMap<>();

    private RunStats(String statsDir) {
        this.statsDir = statsDir;
    }

    /** The JVM-wide counters of a run, keyed by its stats folder (unique per run). */
    static RunStats of(String statsDir) {
        return BY_RUN.computeIfAbsent(statsDir, RunStats::new);
    }

    /** The current value of one counter in this JVM. */
    synchronized long get(String key) {
        return counters.getOrDefault(key, 0L);
    }

    /** Adds one finished file's counters and rewrites the snapshot. */
    synchronized void add(Map<String, Long> delta) {
        delta.forEach((k, v) -> counters.merge(k, v, Long::sum));
        writeSnapshot();
    }

    private void writeSnapshot() {
        ObjectNode node = JSON.createObjectNode();
        counters.forEach(node::put);
        try {
            Path dir = new Path(statsDir);
            FileSystem fs = dir.getFileSystem();
            Path tmp = new Path(dir, "." + jvmId + ".tmp");
            try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
                out.write(JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
            }
            Path target = new Path(dir, jvmId + ".json");
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run statistics to " + statsDir, e);
        }
    }

    /** Adds up every JVM's snapshot under a stats folder. */
    public static Map<String, Long> readAll(String statsDir) throws IOException {
        Map<String, Long> total = new TreeMap<>();
        Path dir = new Path(statsDir);
        FileSystem fs = dir.getFileSystem();
        if (!fs.exists(dir)) {
            return total;
        }
        for (var status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (!name.endsWith(".json") || name.startsWith(".")) {
                continue;
            }
            try (var in = fs.open(status.getPath())) {
                JSON.readTree(in).fields().forEachRemaining(e -> total.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            }
        }
        return total;
    }

    // counter names, shared by readers and the summary
    static String events(String table) {
        return "events." + table;
    }

    static String rejected(String table, RejectReason reason) {
        return "rejected." + table + "." + reason.key();
    }

    /** Lines passed over unparsed: they hold no term the query's filter needs. */
    static String unparsed(String table) {
        return "unparsed." + table;
    }

    static String typeErrors(String table) {
        return "type_errors." + table;
    }

    static String repairedUtf8(String table) {
        return "repaired_utf8." + table;
    }

    static String skippedRecords(String table) {
        return "skipped_records." + table;
    }

    static String files(String table) {
        return "files." + table;
    }

    static String fileErrors(String table) {
        return "file_errors." + table;
    }
}
