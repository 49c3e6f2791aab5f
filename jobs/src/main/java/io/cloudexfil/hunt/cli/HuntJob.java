package io.cloudexfil.hunt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;

/**
 * The entry class of the cluster jar in a Flink cluster in application mode (the Kubernetes
 * operator's {@code job.entryClass}): runs the same command line as {@code bin/hunt}
 * ({@code batch ...}, {@code stream ...}) inside the JobManager.
 *
 * <p>It exists because {@link HuntCli#main} ends with {@link System#exit}, which in application mode
 * would stop the JobManager's JVM instead of failing the application. Here a non-zero exit code
 * becomes a {@link Failed} exception carrying the command's one-line error, which Flink reports as
 * the application's failure. A batch run does not start a local cluster of its own
 * ({@code hunt.early-cluster=false}): its job goes to the cluster this method runs in.
 */
public final class HuntJob {

    private HuntJob() {}

    /** Set while a command runs here: a stream leaves restoring to the cluster (the operator's savepoints). */
    static final String APPLICATION_MODE = "hunt.application-mode";

    /** A command that ended with a non-zero exit code: 2 for a usage error, 1 for a run-time error. */
    public static final class Failed extends RuntimeException {

        private final int exitCode;

        Failed(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public static void main(String[] args) {
        String earlyCluster = System.getProperty("hunt.early-cluster");
        System.setProperty("hunt.early-cluster", "false");
        System.setProperty(APPLICATION_MODE, "true");
        StringWriter errText = new StringWriter();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(new Tee(new PrintWriter(System.err, true), errText), true);
        int exit;
        try {
            exit = HuntCli.execute(args, out, err);
        } finally {
            out.flush();
            err.flush();
            System.clearProperty(APPLICATION_MODE);
            if (earlyCluster == null) {
                System.clearProperty("hunt.early-cluster");
            } else {
                System.setProperty("hunt.early-cluster", earlyCluster);
            }
        }
        if (exit != 0) {
            throw new Failed(exit, lastLine(errText.toString(), exit));
        }
    }

    /** The last non-blank line the command wrote to stderr: its one-line error. */
    private static String lastLine(String text, int exit) {
        String[] lines = text.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        return last.isEmpty() ? "hunt: exit code " + exit : last;
    }

    /** Writes to stderr and keeps a copy for the exception's message. */
    private static final class Tee extends Writer {

        private final Writer first;
        private final Writer second;

        Tee(Writer first, Writer second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            first.write(buf, off, len);
            second.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
