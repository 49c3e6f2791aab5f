package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.source.InputLayout;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * What an attached stream tells its user while it runs: a folder that appears in the watched input
 * with a layout batch would refuse (a mistyped table name) is reported on stderr, once; it is not
 * read. (The job's file enumerator logs the same, for a stream on a cluster.)
 */
final class StreamWatch implements AutoCloseable {

    private final String input;
    private final Duration every;
    private final PrintWriter err;
    private final Set<String> reported = new HashSet<>();
    private final Thread thread;
    private volatile boolean stopped;

    StreamWatch(String input, Duration every, PrintWriter err) {
        this.input = input;
        this.every = every;
        this.err = err;
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
                Thread.sleep(Math.max(200, every.toMillis()));
                checkLayout();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) { // a listing that fails now may work next time; the job reports its own errors
                org.slf4j.LoggerFactory.getLogger(StreamWatch.class).debug("cannot list {}", input, e);
            }
        }
    }

    void checkLayout() throws java.io.IOException {
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

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
