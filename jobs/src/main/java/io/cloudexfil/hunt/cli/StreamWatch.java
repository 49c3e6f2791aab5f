package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.pipeline.StreamHunt;
import io.cloudexfil.hunt.source.DefenderTables;
import io.cloudexfil.hunt.source.file.InputLayout;
import io.cloudexfil.hunt.source.stats.RunStats;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What an attached stream tells its user while it runs:
 * <ul>
 *   <li>after each completed checkpoint that changed something, one line: files picked up, events
 *       (inside and outside the window), rejected lines, alerts committed — the input counters as
 *       the job's accumulators report them, the alerts as the committed files under OUT/alerts hold
 *       them;
 *   <li>once, on stderr, when events were read and none was inside the window;
 *   <li>once per folder, on stderr, a folder of the watched input with a layout batch would refuse
 *       (a mistyped table name): it is not read (the job's file enumerator logs the same, for a
 *       stream on a cluster);
 *   <li>on stop, a summary of the run.
 * </ul>
 */
final class StreamWatch implements AutoCloseable {

    private final String input;
    private final Duration every;
    private final PrintWriter out;
    private final PrintWriter err;
    private final JobClient job;
    private final Path checkpoints;
    private final Path alerts;
    private final HuntWindow window;
    private final Set<String> reported = new HashSet<>();
    private final Map<String, long[]> linesByFile = new HashMap<>(); // committed file -> {length, lines}
    private final Thread thread;
    private final long started = System.nanoTime();
    private volatile boolean stopped;
    private long lastCheckpoint = -1;
    private String lastLine = "";
    private boolean windowWarned;
    private volatile Map<String, Long> counters = new TreeMap<>();

    /** @param alertsDir the committed alert files (null: alerts go to a topic) */
    StreamWatch(String input, Duration every, PrintWriter out, PrintWriter err, JobClient job, String output,
                boolean alertsToFiles, HuntWindow window) {
        this.input = input;
        this.every = every;
        this.out = out;
        this.err = err;
        this.job = job;
        this.checkpoints = new Path(new Path(output, StreamHunt.CHECKPOINTS_DIR), job.getJobID().toString());
        this.alerts = alertsToFiles ? new Path(output, StreamHunt.ALERTS_DIR) : null;
        this.window = window;
        this.thread = new Thread(this::run, "hunt-stream-watch");
        thread.setDaemon(true);
    }

    StreamWatch start() {
        thread.start();
        return this;
    }

    private void run() {
        while (!stopped) {
            try {
                Thread.sleep(Math.max(200, Math.min(every.toMillis(), 1000)));
                checkLayout();
                checkpoint();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) { // a listing that fails now may work next time; the job reports its own errors
                org.slf4j.LoggerFactory.getLogger(StreamWatch.class).debug("stream progress", e);
            }
        }
    }

    private void checkLayout() throws IOException {
        if (input == null) {
            return;
        }
        for (String problem : InputLayout.scan(input, null, null, true).problems()) {
            if (reported.add(problem)) {
                err.printf("hunt stream: warning: not read: %s%n", problem);
                err.flush();
            }
        }
    }

    private void checkpoint() throws Exception {
        long n = newestCheckpoint();
        if (n <= lastCheckpoint) {
            return;
        }
        lastCheckpoint = n;
        counters = RunStats.fromAccumulators(job.getAccumulators().get(10, TimeUnit.SECONDS));
        String line = totals(counters) + (alerts == null ? "" : ", alerts committed " + committedAlerts());
        if (!line.equals(lastLine)) { // an idle stream does not print a line a second
            out.printf("checkpoint %d: %s%n", n, line);
            out.flush();
            lastLine = line;
        }
        Summary.WindowCounts w = Summary.WindowCounts.of(counters);
        if (!windowWarned && w.inside() == 0 && w.outside() > 0) {
            windowWarned = true;
            err.printf("hunt stream: warning: no event inside the window %s so far; the events read run from %s to %s "
                    + "(--from sets the window's start)%n", window, w.earliest(), w.latest());
            err.flush();
        }
    }

    /** The run so far, for a line when the stream stops (the last counters the job reported). */
    String summary() {
        String line = totals(counters);
        if (alerts != null) {
            try {
                line += ", alerts committed " + committedAlerts();
            } catch (IOException e) {
                // the summary goes without the count
            }
        }
        long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        return "stopped after " + (s >= 3600 ? s / 3600 + "h " : "") + (s >= 60 ? s % 3600 / 60 + "m " : "") + s % 60 + "s: "
                + line;
    }

    private static String totals(Map<String, Long> c) {
        long files = 0;
        long events = 0;
        long rejected = 0;
        long unparsed = 0;
        for (String t : DefenderTables.READ) {
            files += c.getOrDefault("files." + t, 0L);
            events += c.getOrDefault("events." + t, 0L);
            unparsed += c.getOrDefault("unparsed." + t, 0L);
        }
        for (Map.Entry<String, Long> e : c.entrySet()) {
            if (e.getKey().startsWith("rejected.")) {
                rejected += e.getValue();
            }
        }
        Summary.WindowCounts w = Summary.WindowCounts.of(c);
        return "files " + files + ", events " + events
                + (w.inside() + w.outside() > 0 ? " (in the window " + w.inside() + ", outside it " + w.outside() + ")" : "")
                + (unparsed > 0 ? ", lines passed over unparsed " + unparsed : "")
                + ", rejected " + rejected;
    }

    /** The newest completed checkpoint of this job (chk-N with its _metadata), or -1. */
    private long newestCheckpoint() throws IOException {
        FileSystem fs = checkpoints.getFileSystem();
        if (!fs.exists(checkpoints)) {
            return -1;
        }
        long newest = -1;
        for (FileStatus s : fs.listStatus(checkpoints)) {
            String name = s.getPath().getName();
            if (name.startsWith("chk-") && fs.exists(new Path(s.getPath(), "_metadata"))) {
                try {
                    newest = Math.max(newest, Long.parseLong(name.substring(4)));
                } catch (NumberFormatException e) {
                    // not a checkpoint
                }
            }
        }
        return newest;
    }

    /** Lines of the committed alert files (hidden names are in progress); each file is counted once per length. */
    private synchronized long committedAlerts() throws IOException {
        FileSystem fs = alerts.getFileSystem();
        if (!fs.exists(alerts)) {
            return 0;
        }
        long total = 0;
        for (FileStatus s : fs.listStatus(alerts)) {
            String name = s.getPath().getName();
            if (s.isDir() || name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            long[] known = linesByFile.get(name);
            if (known == null || known[0] != s.getLen()) {
                known = new long[] {s.getLen(), countLines(fs, s.getPath())};
                linesByFile.put(name, known);
            }
            total += known[1];
        }
        return total;
    }

    private static long countLines(FileSystem fs, Path file) throws IOException {
        long lines = 0;
        try (InputStream in = new BufferedInputStream(fs.open(file), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0) {
                lines += b == '\n' ? 1 : 0;
            }
        }
        return lines;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
