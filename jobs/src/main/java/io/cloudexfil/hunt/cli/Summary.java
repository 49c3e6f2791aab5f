package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.pipeline.BatchHunt;
import io.cloudexfil.hunt.source.DefenderTables;
import io.cloudexfil.hunt.source.stats.RunStats;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The end-of-run summary: events read per table, rejections per reason, alerts per signal, time. */
final class Summary {

    /** Parsed events inside and outside the window over every table, and the earliest and latest event time. */
    record WindowCounts(long inside, long outside, Instant earliest, Instant latest) {

        static WindowCounts of(Map<String, Long> c) {
            long inside = 0;
            long outside = 0;
            Long earliest = null;
            Long latest = null;
            for (String t : DefenderTables.READ) {
                inside += c.getOrDefault(RunStats.inWindow(t), 0L);
                outside += c.getOrDefault(RunStats.outsideWindow(t), 0L);
                Long e = c.get(RunStats.earliest(t));
                Long l = c.get(RunStats.latest(t));
                // if statements, not ?: — mixing Long and long there unboxes a null (a table with no events)
                if (e != null) {
                    earliest = earliest == null ? e : Long.valueOf(Math.min(earliest, e));
                }
                if (l != null) {
                    latest = latest == null ? l : Long.valueOf(Math.max(latest, l));
                }
            }
            return new WindowCounts(inside, outside, earliest == null ? null : Instant.ofEpochMilli(earliest),
                    latest == null ? null : Instant.ofEpochMilli(latest));
        }

        boolean timed() {
            return inside + outside > 0 && earliest != null;
        }

        @Override
        public String toString() {
            return "events in the window " + inside + ", outside it " + outside + ", event times " + earliest + " to " + latest;
        }
    }

    private Summary() {}

    static void print(PrintWriter out, PrintWriter err, String mode, HuntWindow window, BatchHunt.Result r) {
        Map<String, Long> c = r.counters();
        out.printf("hunt %s: window %s%n", mode, window);
        out.printf("input %s%n", r.layout().root());
        long totalRejected = 0;
        for (String table : r.layout().tables()) {
            Map<String, Long> reasons = new TreeMap<>();
            String prefix = "rejected." + table + ".";
            c.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    reasons.put(k.substring(prefix.length()), v);
                }
            });
            long rejected = reasons.values().stream().mapToLong(Long::longValue).sum();
            totalRejected += rejected;
            long unparsed = c.getOrDefault("unparsed." + table, 0L);
            out.printf("  %-20s files %d, %sevents %d, rejected %d%s%s%s%n", table,
                    c.getOrDefault("files." + table, 0L),
                    unparsed > 0 ? "lines passed over unparsed " + unparsed + " (no term the filter needs), " : "",
                    c.getOrDefault("events." + table, 0L), rejected,
                    reasons.isEmpty() ? "" : " " + reasons,
                    c.getOrDefault("type_errors." + table, 0L) > 0
                            ? ", values of the wrong type (set to NULL) " + c.get("type_errors." + table) : "",
                    c.getOrDefault("repaired_utf8." + table, 0L) > 0
                            ? ", rows with invalid UTF-8 repaired " + c.get("repaired_utf8." + table) : "");
        }
        for (String s : r.layout().skipped()) {
            out.printf("  skipped %s%n", s);
        }
        c.forEach((k, v) -> {
            if (k.startsWith("skipped_records.")) {
                String table = k.substring("skipped_records.".length());
                out.printf("  skipped %d records of %s (not read by this %s)%n", v, table,
                        DefenderTables.isRead(table) ? "run's detections" : "detection");
            }
        });
        WindowCounts w = WindowCounts.of(c);
        if (w.timed()) {
            out.printf("  %s (of the events parsed; lines passed over unparsed are not timed)%n", w);
        }
        if (w.inside() == 0 && w.outside() > 0) {
            err.printf("hunt %s: warning: no event inside the window %s; the events read run from %s to %s "
                    + "(choose the window with --from/--to or --as-of/--lookback)%n", mode, window, w.earliest(), w.latest());
        }
        if (r.layout().prunedFolders() > 0) {
            out.printf("  not opened: %d partition folders outside the window%n", r.layout().prunedFolders());
        }
        long events = DefenderTables.READ.stream()
                .mapToLong(t -> c.getOrDefault("events." + t, 0L) + c.getOrDefault("unparsed." + t, 0L)).sum();
        if (events == 0 && totalRejected > 0) {
            out.printf("  no events: every line read was rejected (see below)%n");
        } else if (events == 0) {
            out.printf("  no events: the input holds no rows of these tables%n");
        }
        out.printf("alerts %d -> %s%n", r.alerts(), r.alertsFile());
        for (Map.Entry<String, Long> e : r.alertsBySignal().entrySet()) {
            out.printf("  %-28s %d%n", e.getKey(), e.getValue());
        }
        if (totalRejected > 0) {
            out.printf("rejected lines %d -> %s%n", totalRejected, r.rejectedDir());
        }
        out.println(r.planRestored() ? "plan restored (compiled by an earlier run of the same detections and settings)"
                : "plan compiled");
        out.printf("elapsed %.1f s%n", r.elapsed().toMillis() / 1000.0);
    }

    /**
     * The tuning file's part: its checksum (every alert is traceable to one version of the file),
     * the alerts each allowlist entry suppressed, and (batch) the alerts the repeats rules folded.
     */
    static void printTuning(PrintWriter out, io.cloudexfil.hunt.detection.DetectionPack pack,
                            Map<String, Long> suppressed, String shownIn, Map<String, Long> folded) {
        if (pack.tuning() == null) {
            return;
        }
        out.printf("tuning %s sha256 %s%n", pack.tuning().file(), pack.tuning().sha256());
        printSuppressed(out, pack, suppressed, shownIn);
        if (folded != null && !pack.repeats().isEmpty()) {
            // each written alert's Repeats counts it and those folded into it
            out.printf("repeats folded %d alerts into the alerts that stand for them (Repeats)%n",
                    folded.values().stream().mapToLong(Long::longValue).sum());
            for (Map.Entry<String, Long> e : folded.entrySet()) {
                out.printf("  %-28s %d%n", e.getKey(), e.getValue());
            }
        }
    }

    private static void printSuppressed(PrintWriter out, io.cloudexfil.hunt.detection.DetectionPack pack,
                                        Map<String, Long> suppressed, String shownIn) {
        if (pack.allowlist().isEmpty()) {
            return;
        }
        long total = suppressed.values().stream().mapToLong(Long::longValue).sum();
        out.printf("suppressed %d%s%n", total, shownIn != null ? " -> " + shownIn : "");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        for (io.cloudexfil.hunt.tuning.AllowEntry e : pack.allowlist()) {
            out.printf("  %-28s %d%s%n", e.id(), suppressed.getOrDefault(e.id(), 0L),
                    e.expiredOn(today) ? " (expired " + e.expires() + ")" : "");
        }
    }
}
