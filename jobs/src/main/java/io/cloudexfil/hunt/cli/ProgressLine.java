package io.cloudexfil.hunt.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The live progress line of a batch run whose stderr is a terminal, redrawn at most once a second:
 * files and bytes done of the total, events/s, alerts so far, time left (from the bytes). Counts
 * never go back (a source subtask that ended may drop out of a live view); the end summary has
 * the exact figures.
 */
final class ProgressLine implements AutoCloseable {

    /** What the run has done so far. */
    record Done(long files, long bytes, long events, long alerts) {}

    private final PrintWriter err;
    private final long totalFiles;
    private final long totalBytes;
    private final Supplier<Done> done;
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;
    private Done shown = new Done(0, 0, 0, 0);
    private boolean drawn;

    ProgressLine(PrintWriter err, long totalFiles, long totalBytes, Supplier<Done> done) {
        this.err = err;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        this.done = done;
        this.thread = new Thread(this::loop, "cloudexfil-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            Done d;
            try {
                d = done.get();
            } catch (RuntimeException e) {
                continue; // a metric not there yet; the next second asks again
            }
            synchronized (this) {
                if (!running) {
                    return;
                }
                shown = new Done(Math.max(shown.files(), d.files()), Math.max(shown.bytes(), d.bytes()),
                        Math.max(shown.events(), d.events()), Math.max(shown.alerts(), d.alerts()));
                err.print("\r" + format(shown, (System.nanoTime() - start) / 1e9) + "\033[K");
                err.flush();
                drawn = true;
            }
        }
    }

    String format(Done d, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "files %d/%d, %s/%s, %s events/s, alerts %d", d.files(), totalFiles,
                size(d.bytes()), size(totalBytes), rate(d.events() / Math.max(seconds, 0.001)), d.alerts()));
        if (d.bytes() > 0 && d.bytes() < totalBytes) {
            double left = seconds * (totalBytes - d.bytes()) / d.bytes();
            sb.append(String.format(Locale.ROOT, ", about %.0f s left", left));
        }
        return sb.toString();
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    static String rate(double perSecond) {
        return perSecond >= 1e6 ? String.format(Locale.ROOT, "%.2fM", perSecond / 1e6)
                : perSecond >= 1e3 ? String.format(Locale.ROOT, "%.0fk", perSecond / 1e3)
                : String.format(Locale.ROOT, "%.0f", perSecond);
    }

    /** Stops and clears the line, so the summary starts on a clean line. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
            if (drawn) {
                err.print("\r\033[K");
                err.flush();
            }
        }
        thread.interrupt();
    }
}
