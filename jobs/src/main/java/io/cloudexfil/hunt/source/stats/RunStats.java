package io.cloudexfil.hunt.source.stats;

import io.cloudexfil.hunt.source.deadletter.RejectReason;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The input counters of one source subtask: events per table, rejections per reason, repairs,
 * files. The file readers (when they finish a split) and the Kafka deserializer (every few
 * seconds) add to it; {@link CountersOperator}, chained to the same subtask, publishes it as
 * Flink accumulators and {@link MeteredSource} as gauges. So the counters travel with the job
 * itself — to the client that waits for a batch job, to the REST API and every metric reporter
 * of a cluster — and nothing is written to the output for them.
 *
 * <p>Keyed by the source's scope (one per planned source) and the subtask index: two subtasks in
 * one JVM (a local cluster, a TaskManager with two slots) count apart.
 */
public final class RunStats {

    /** Accumulator names are the counter names under this prefix. */
    public static final String ACCUMULATOR_PREFIX = "cloudexfil.";

    private static final Map<String, RunStats> BY_SUBTASK = new ConcurrentHashMap<>();

    private final Map<String, Long> counters = new TreeMap<>();

    private RunStats() {}

    /** The counters of one subtask of a source. */
    public static RunStats of(String scope, int subtask) {
        return BY_SUBTASK.computeIfAbsent(key(scope, subtask), k -> new RunStats());
    }

    /** Forgets a subtask's counters (its task has ended; readers still closing keep their reference). */
    static void release(String scope, int subtask) {
        BY_SUBTASK.remove(key(scope, subtask));
    }

    private static String key(String scope, int subtask) {
        return scope + "#" + subtask;
    }

    /** The current value of one counter. */
    public synchronized long get(String key) {
        return counters.getOrDefault(key, 0L);
    }

    /** Adds a finished split's (or a few seconds') counts. */
    public synchronized void add(Map<String, Long> delta) {
        delta.forEach((k, v) -> counters.merge(k, v, (a, b) -> merge(k, a, b)));
    }

    /** Combines two values of a counter: the earliest and latest event times by min and max, the rest by sum. */
    public static long merge(String key, long a, long b) {
        if (key.startsWith(EARLIEST)) {
            return Math.min(a, b);
        }
        return key.startsWith(LATEST) ? Math.max(a, b) : a + b;
    }

    /** Whether a counter is a minimum (else a maximum or a sum). */
    static boolean isMinimum(String key) {
        return key.startsWith(EARLIEST);
    }

    static boolean isMaximum(String key) {
        return key.startsWith(LATEST);
    }

    synchronized Map<String, Long> snapshot() {
        return new TreeMap<>(counters);
    }

    /**
     * The counters of every source subtask running in this JVM, added up: the live progress of a
     * run on a local cluster (a subtask that ended has released its counters).
     */
    public static Map<String, Long> liveInThisJvm() {
        Map<String, Long> total = new TreeMap<>();
        for (RunStats stats : BY_SUBTASK.values()) {
            stats.snapshot().forEach((k, v) -> total.merge(k, v, Long::sum));
        }
        return total;
    }

    /** The run's counters from a job's accumulator results (summed over subtasks by Flink). */
    public static Map<String, Long> fromAccumulators(Map<String, Object> accumulators) {
        Map<String, Long> total = new TreeMap<>();
        accumulators.forEach((name, value) -> {
            if (name.startsWith(ACCUMULATOR_PREFIX) && value instanceof Number n) {
                String key = name.substring(ACCUMULATOR_PREFIX.length());
                total.merge(key, n.longValue(), (a, b) -> merge(key, a, b));
            }
        });
        return total;
    }

    private static final String EARLIEST = "earliest.";
    private static final String LATEST = "latest.";

    // counter names, shared by readers and the summary

    /** Parsed events inside the query's hunt window. */
    public static String inWindow(String table) {
        return "in_window." + table;
    }

    public static String outsideWindow(String table) {
        return "outside_window." + table;
    }

    /** The earliest event time parsed, epoch milliseconds. */
    public static String earliest(String table) {
        return EARLIEST + table;
    }

    public static String latest(String table) {
        return LATEST + table;
    }

    public static String events(String table) {
        return "events." + table;
    }

    public static String rejected(String table, RejectReason reason) {
        return "rejected." + table + "." + reason.key();
    }

    /** Lines passed over unparsed: they hold no term the query's filter needs. */
    public static String unparsed(String table) {
        return "unparsed." + table;
    }

    public static String typeErrors(String table) {
        return "type_errors." + table;
    }

    public static String repairedUtf8(String table) {
        return "repaired_utf8." + table;
    }

    public static String skippedRecords(String table) {
        return "skipped_records." + table;
    }

    /** Bytes of the input files (or byte ranges) read to their end. */
    public static String bytes(String table) {
        return "bytes." + table;
    }

    public static String files(String table) {
        return "files." + table;
    }

    public static String fileErrors(String table) {
        return "file_errors." + table;
    }
}
