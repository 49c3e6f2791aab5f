package io.cloudexfil.hunt.cli.daemon;

import io.cloudexfil.hunt.cli.HuntCli;
import io.cloudexfil.hunt.cli.RunHost;
import io.cloudexfil.hunt.pipeline.FlinkSettings;
import io.cloudexfil.hunt.pipeline.HuntPipeline;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The warm JVM: a JVM that {@code bin/hunt batch} starts after a run on a terminal and hands its
 * next runs to, so that they skip the JVM's start, class loading, JIT warm-up and the local
 * cluster's start (about 5 s of the bundled sample's 5.2 s). It runs one command at a time, as
 * {@link HuntCli} would in a JVM of its own, each with its own log file; it ends after a time
 * without runs, on {@code bin/hunt daemon stop}, or when it cannot serve.
 *
 * <p>{@code HuntDaemon --socket FILE --idle SECONDS --warm-up-input DIR --warm-up-runs N}: its socket's folder must
 * be the user's alone (mode 700), since whoever reaches the socket runs commands as this user.
 * Beside the socket: {@code FILE.pid} (this JVM's pid, while it serves) and {@code FILE.lock}
 * (held while it lives: a second warm JVM for the same socket ends at once).
 */
public final class HuntDaemon implements DaemonServer.Runner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HuntDaemon.class);

    private static final String LOG_FILE = "hunt.log.file";
    private static final String PROGRESS = "hunt.progress";

    private final String ownLog = System.getProperty(LOG_FILE);
    private final int slots;
    private WarmCluster cluster;

    private HuntDaemon(int slots) {
        this.slots = slots;
    }

    public static void main(String[] args) {
        Path socket = null;
        Duration idle = Duration.ofMinutes(10);
        Path warmUpInput = null;
        int warmUpRuns = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[i + 1]).toAbsolutePath();
                case "--idle" -> idle = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                case "--warm-up-input" -> warmUpInput = Path.of(args[i + 1]);
                case "--warm-up-runs" -> warmUpRuns = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (socket == null) {
            throw new IllegalArgumentException("--socket is required");
        }
        int exit = 0;
        try {
            serve(socket, idle, warmUpInput, warmUpRuns);
        } catch (Exception e) {
            LOG.error("the warm JVM stopped", e);
            exit = 1;
        }
        System.exit(exit);
    }

    private static void serve(Path socket, Duration idle, Path warmUpInput, int warmUpRuns) throws Exception {
        requirePrivate(socket.getParent());
        Path pidFile = Path.of(socket + ".pid");
        try (FileChannel lockFile = FileChannel.open(Path.of(socket + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                LOG.info("another warm JVM serves {}", socket);
                return;
            }
            // the pid file from the start (bin/hunt starts no second one while this warms up), gone at the end,
            // also on SIGTERM (bin/hunt daemon stop)
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            AtomicReference<DaemonServer> serving = new AtomicReference<>();
            Thread onExit = new Thread(() -> {
                DaemonServer server = serving.get();
                if (server != null) {
                    server.close();
                }
                try {
                    Files.deleteIfExists(pidFile);
                } catch (IOException e) {
                    // the next bin/hunt checks the pid's command line anyway
                }
            }, "hunt-daemon-shutdown");
            Runtime.getRuntime().addShutdownHook(onExit);
            HuntDaemon daemon = new HuntDaemon(Runtime.getRuntime().availableProcessors());
            try {
                daemon.cluster();
                if (warmUpInput != null) {
                    daemon.warmUp(warmUpInput, warmUpRuns);
                }
                try (DaemonServer server = DaemonServer.bind(socket, idle, daemon)) {
                    serving.set(server);
                    LOG.info("the warm JVM serves {} (stops after {} without a run)", socket, idle);
                    server.serve();
                    LOG.info("the warm JVM served {} run(s)", server.runs());
                }
            } finally {
                Files.deleteIfExists(pidFile);
                if (daemon.cluster != null) {
                    daemon.cluster.retire();
                }
            }
        }
    }

    /** The socket's folder must be this user's alone: whoever reaches the socket runs commands as this user. */
    private static void requirePrivate(Path dir) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        others.retainAll(perms);
        String owner = Files.getOwner(dir).getName();
        if (!others.isEmpty() || !owner.equals(System.getProperty("user.name"))) {
            throw new IOException(dir + " must belong to " + System.getProperty("user.name") + " with mode 700 (owner "
                    + owner + ", " + PosixFilePermissions.toString(perms) + ")");
        }
    }

    /** The cluster, started again if it stopped (a job that took it down). */
    private synchronized WarmCluster cluster() throws Exception {
        if (cluster == null || !cluster.isRunning()) {
            if (cluster != null) {
                LOG.warn("the local cluster had stopped: starting another");
                cluster.retire();
            }
            FlinkSettings.initialize(List.of());
            cluster = WarmCluster.start(HuntPipeline.baseConfiguration(slots), slots);
        }
        return cluster;
    }

    /**
     * Runs of every detection over the bundled sample before the socket opens (two by default):
     * the classes loaded and the JIT warm, so that a caller's first run here is as fast as its
     * later ones.
     */
    private void warmUp(Path sample, int runs) throws Exception {
        Path out = Files.createTempDirectory("hunt-warm-up");
        try {
            for (int i = 0; i < runs; i++) {
                List<String> args = new ArrayList<>(List.of("batch", "--input", sample.toString(), "--output",
                        out.toString(), "--overwrite", "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z"));
                PrintWriter discard = new PrintWriter(Writer.nullWriter());
                int exit = run(new DaemonProtocol.Run(out.toString(), null, false, args), discard, discard,
                        new DaemonServer.Cancellation());
                if (exit != 0) {
                    throw new IllegalStateException("the warm-up run over " + sample + " ended with exit code " + exit);
                }
            }
        } finally {
            try (var files = Files.walk(out)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Batch runs only: a stream would hold the warm JVM for as long as it runs. */
    @Override
    public boolean takes(DaemonProtocol.Run run) {
        return !run.args().isEmpty() && run.args().get(0).equals("batch");
    }

    @Override
    public int run(DaemonProtocol.Run run, PrintWriter out, PrintWriter err, DaemonServer.Cancellation cancel)
            throws Exception {
        MiniCluster local = cluster();
        Path workingDir = Path.of(run.workingDir());
        // the run's own log file and progress line, as bin/hunt gives a JVM of its own
        logTo(run.logFile() != null ? run.logFile() : ownLog);
        System.setProperty(PROGRESS, String.valueOf(run.progress()));
        try {
            LOG.info("run by the warm JVM (pid {}) for a caller in {}: {}", ProcessHandle.current().pid(), workingDir, run.args());
            return HuntCli.execute(run.args().toArray(String[]::new), out, err, new RunHost() {
                @Override
                public Path workingDir() {
                    return workingDir;
                }

                @Override
                public MiniCluster localCluster(int wanted) {
                    return wanted <= slots ? local : null;
                }

                @Override
                public void submitted(JobClient job) {
                    cancel.onCancel(() -> {
                        LOG.info("the caller went away: cancelling job {}", job.getJobID());
                        job.cancel();
                    });
                }
            });
        } finally {
            System.clearProperty(PROGRESS);
            logTo(ownLog);
        }
    }

    /** Points the log file appender (log4j2-cli.properties: {@code ${sys:hunt.log.file}}) at {@code file}. */
    private static void logTo(String file) {
        if (file == null || file.equals(System.getProperty(LOG_FILE))) {
            return;
        }
        System.setProperty(LOG_FILE, file);
        if (org.apache.logging.log4j.LogManager.getContext(false) instanceof org.apache.logging.log4j.core.LoggerContext context) {
            context.reconfigure();
        }
    }
}
