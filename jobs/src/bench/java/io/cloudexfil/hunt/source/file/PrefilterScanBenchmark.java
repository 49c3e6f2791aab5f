package io.cloudexfil.hunt.source.file;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.pipeline.KeptPlanPrefilters;
import io.cloudexfil.hunt.source.deadletter.RejectReason;
import io.cloudexfil.hunt.source.line.LineRouter;
import io.cloudexfil.hunt.source.line.RowParser;
import io.cloudexfil.hunt.source.prefilter.LineMatcher;
import io.cloudexfil.hunt.source.prefilter.LinePrefilter;
import io.cloudexfil.hunt.source.prefilter.LinePrefilterTest;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The source's cost per line, one thread, on the first file of each table of a benchmark archive
 * held in memory: splitting into lines alone (the floor), the prefilter (the seed detection's, as
 * the planner builds it; with {@code -Dbench.scanPlan=FILE} those of a plan kept by bin/hunt, e.g.
 * the whole pack's), the same prefilter with each column searched by its own byte (the baseline
 * of searches shared between columns), and parsing every line (what {@code --parse-all} does).
 * Rounds alternate the four; the second half's means are printed. Run with
 * {@code -Dbench.main=io.cloudexfil.hunt.source.file.PrefilterScanBenchmark} after the backfill
 * benchmark made the archive. The times are the thread's CPU time per line.
 */
public final class PrefilterScanBenchmark {

    interface PerLine {
        /** True when the line was passed over. */
        boolean accept(LineReader r);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(System.getProperty("bench.dir", "").isBlank()
                ? "/tmp/cloudexfil-bench-" + System.getProperty("bench.events", "8000000") : System.getProperty("bench.dir"));
        int rounds = Integer.getInteger("bench.scanRounds", 6);
        // -Dbench.scanParse=false leaves out the slow third part (parsing every line)
        boolean parseAll = Boolean.parseBoolean(System.getProperty("bench.scanParse", "true"));
        long minBytes = Detection.load(Detection.DEFAULT).longs().get("LargeUploadMinBytes");
        LinePrefilter process = LinePrefilterTest.processFilter();
        LinePrefilter network = LinePrefilter.of(LinePrefilter.and(List.of(
                LinePrefilter.anyOf("RemoteUrl", LinePrefilterTest.list("CloudStorageDomains")),
                new LinePrefilter.Above("BytesSent", minBytes))));
        String plan = System.getProperty("bench.scanPlan", "").strip();
        Map<String, LinePrefilter> kept = plan.isEmpty() ? Map.of() : KeptPlanPrefilters.of(Path.of(plan));
        System.out.println("prefilter scan benchmark, one thread, " + dir + "; prefilters "
                + (plan.isEmpty() ? "of the seed detection" : "of the kept plan " + plan));
        for (String table : List.of("DeviceProcessEvents", "DeviceNetworkEvents")) {
            Path file;
            try (Stream<Path> files = Files.list(dir.resolve(table))) {
                file = files.sorted().findFirst().orElseThrow();
            }
            byte[] data = Files.readAllBytes(file);
            LinePrefilter filter = kept.getOrDefault(table, table.equals("DeviceProcessEvents") ? process : network);
            double[] sums = new double[4];
            for (int round = 0; round < rounds; round++) {
                LineMatcher m = filter.matcher();
                LineMatcher own = filter.matcher(false);
                LineRouter parser = new LineRouter(table, new RowParser(List.of("Timestamp", "FileName"),
                        List.of(new LocalZonedTimestampType(7), VarCharType.STRING_TYPE)), table, true);
                LineRouter.Sink ignore = new LineRouter.Sink() {
                    public void row(GenericRowData row) { }

                    public void reject(RejectReason reason, String detail) { }

                    public void count(String key) { }

                    public void passedOver() { }
                };
                double[] ns = {
                    perLine(data, r -> false),
                    perLine(data, r -> m.passesOver(r.lineBuffer(), r.lineOffset(), r.lineLength(), r.text())),
                    perLine(data, r -> own.passesOver(r.lineBuffer(), r.lineOffset(), r.lineLength(), r.text())),
                    parseAll ? perLine(data, r -> {
                        parser.route(r.lineBuffer(), r.lineOffset(), r.lineLength(), ignore);
                        return false;
                    }) : Double.NaN,
                };
                if (round >= rounds / 2) {
                    for (int k = 0; k < ns.length; k++) {
                        sums[k] += ns[k];
                    }
                }
            }
            LineMatcher m = filter.matcher();
            long passed = count(data, r -> m.passesOver(r.lineBuffer(), r.lineOffset(), r.lineLength(), r.text()));
            int n = rounds - rounds / 2;
            System.out.printf(Locale.ROOT, "%-20s %s (%,d bytes, %.0f per line, %d columns): lines only %.0f ns/line, "
                    + "prefilter %.0f ns/line (%,d lines passed over), each column searched alone %.0f ns/line, "
                    + "parse every line %.0f ns/line (CPU time)%n", table, file.getFileName(), data.length,
                    data.length / (double) count(data, r -> true), filter.columnCount(),
                    sums[0] / n, sums[1] / n, passed, sums[2] / n, sums[3] / n);
        }
    }

    /**
     * The thread's CPU time per line (not wall time: on a shared machine another process's load
     * stretches wall time, far less the CPU time this thread is given).
     */
    private static double perLine(byte[] data, PerLine work) throws IOException {
        long t0 = THREADS.getCurrentThreadCpuTime();
        long lines = 0;
        LineReader r = new LineReader(new ByteArrayInputStream(data), DefenderLineFormat.MAX_LINE_BYTES);
        while (r.next()) {
            work.accept(r);
            lines++;
        }
        return (THREADS.getCurrentThreadCpuTime() - t0) / (double) lines;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long count(byte[] data, PerLine work) throws IOException {
        long n = 0;
        LineReader r = new LineReader(new ByteArrayInputStream(data), DefenderLineFormat.MAX_LINE_BYTES);
        while (r.next()) {
            n += work.accept(r) ? 1 : 0;
        }
        return n;
    }
}
