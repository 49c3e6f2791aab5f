package io.cloudexfil.hunt.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warm JVM's socket: one run at a time (a request that comes while one runs is answered
 * {@link DaemonProtocol#NOT_SERVED}, and its caller runs it in a JVM of its own), a run cancelled
 * when its caller goes away, and an end after a time without runs or on a stop request.
 */
final class DaemonServer implements AutoCloseable {

    /** Runs one command for a caller. */
    interface Runner {

        /** Whether this runner takes the command (others are {@link DaemonProtocol#NOT_SERVED}). */
        boolean takes(DaemonProtocol.Run run);

        /** Runs it; the exit code. {@code cancel} fires when the caller went away. */
        int run(DaemonProtocol.Run run, PrintWriter out, PrintWriter err, Cancellation cancel) throws Exception;
    }

    /** What to do when a run's caller goes away: each action once, also one added afterwards. */
    static final class Cancellation {

        private final List<Runnable> actions = new ArrayList<>();
        private boolean cancelled;

        void onCancel(Runnable action) {
            synchronized (this) {
                if (!cancelled) {
                    actions.add(action);
                    return;
                }
            }
            action.run();
        }

        void cancel() {
            List<Runnable> now;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                now = List.copyOf(actions);
                actions.clear();
            }
            now.forEach(Runnable::run);
        }

        synchronized boolean cancelled() {
            return cancelled;
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DaemonServer.class);

    private final ServerSocketChannel server;
    private final Path socket;
    private final Duration idle;
    private final Runner runner;
    private final Instant started = Instant.now();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong runs = new AtomicLong();
    private volatile long lastActive = System.nanoTime();
    private volatile boolean stopping;

    private DaemonServer(ServerSocketChannel server, Path socket, Duration idle, Runner runner) {
        this.server = server;
        this.socket = socket;
        this.idle = idle;
        this.runner = runner;
    }

    /** Listens on {@code socket} (a file left by a warm JVM that died is replaced). */
    static DaemonServer bind(Path socket, Duration idle, Runner runner) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new DaemonServer(server, socket, idle, runner);
    }

    /** Serves requests until a stop request, {@link #close}, or {@code idle} without a run. */
    void serve() {
        Thread watchdog = new Thread(this::closeWhenIdle, "hunt-daemon-idle");
        watchdog.setDaemon(true);
        watchdog.start();
        while (!stopping) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                break; // closed
            }
            Thread t = new Thread(() -> handle(client), "hunt-daemon-request");
            t.setDaemon(true);
            t.start();
        }
        close();
    }

    private void closeWhenIdle() {
        long checkMillis = Math.max(10, Math.min(1000, idle.toMillis() / 4));
        while (!stopping) {
            try {
                Thread.sleep(checkMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (!busy.get() && System.nanoTime() - lastActive > idle.toNanos()) {
                LOG.info("no run for {}: the warm JVM stops", idle);
                close();
            }
        }
    }

    private void handle(SocketChannel client) {
        try (client) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(DaemonProtocol.input(client)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(DaemonProtocol.output(client)));
            int kind = DaemonProtocol.readKind(in);
            if (kind == DaemonProtocol.RUN) {
                run(DaemonProtocol.readRun(in), in, out);
            } else if (kind == DaemonProtocol.STATUS) {
                String status = String.format("warm JVM pid %d, socket %s, up since %s, %d run(s), %s%n",
                        ProcessHandle.current().pid(), socket, started, runs.get(), busy.get() ? "running one" : "idle");
                new DaemonProtocol.FrameStream(out, DaemonProtocol.OUT).write(status.getBytes(StandardCharsets.UTF_8));
                exit(out, 0);
            } else if (kind == DaemonProtocol.STOP) {
                LOG.info("stop requested");
                exit(out, 0);
                close();
            } else {
                out.writeByte(DaemonProtocol.NOT_SERVED);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("a caller went away", e);
        }
    }

    private void run(DaemonProtocol.Run run, DataInputStream in, DataOutputStream out) throws IOException {
        if (stopping || !runner.takes(run) || !busy.compareAndSet(false, true)) {
            out.writeByte(DaemonProtocol.NOT_SERVED);
            out.flush();
            return;
        }
        try {
            synchronized (out) {
                out.writeByte(DaemonProtocol.ACCEPTED);
                out.writeLong(ProcessHandle.current().pid());
                out.flush();
            }
            Cancellation cancel = new Cancellation();
            Thread watcher = new Thread(() -> {
                try {
                    while (in.read() >= 0) {
                        // the caller sends nothing after its request; its end is the signal
                    }
                } catch (IOException e) {
                    // gone as well
                }
                cancel.cancel();
            }, "hunt-daemon-caller");
            watcher.setDaemon(true);
            watcher.start();
            PrintWriter o = new PrintWriter(new OutputStreamWriter(
                    new DaemonProtocol.FrameStream(out, DaemonProtocol.OUT), StandardCharsets.UTF_8), true);
            PrintWriter e = new PrintWriter(new OutputStreamWriter(
                    new DaemonProtocol.FrameStream(out, DaemonProtocol.ERR), StandardCharsets.UTF_8), true);
            int code;
            try {
                code = runner.run(run, o, e, cancel);
            } catch (Exception | Error t) {
                LOG.error("run failed", t);
                e.println("hunt: " + t);
                code = 1;
            }
            o.flush();
            e.flush();
            runs.incrementAndGet();
            exit(out, code);
        } finally {
            lastActive = System.nanoTime();
            busy.set(false);
        }
    }

    private static void exit(DataOutputStream out, int code) throws IOException {
        synchronized (out) {
            out.writeByte(DaemonProtocol.EXIT);
            out.writeInt(code);
            out.flush();
        }
    }

    /** Runs served so far. */
    long runs() {
        return runs.get();
    }

    /** Stops listening and removes the socket file; a run in progress is not waited for. */
    @Override
    public void close() {
        stopping = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the socket", e);
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("could not remove {}", socket, e);
        }
    }
}
