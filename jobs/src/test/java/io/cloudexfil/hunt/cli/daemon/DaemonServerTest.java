package io.cloudexfil.hunt.cli.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm JVM's socket with a runner that stands in for the hunt (the runner's side is
 * WarmJvmITCase's): answers, one run at a time, a caller's end, idle end, stop, bad requests.
 * A run writes while the server watches for its caller's end: a lock shared between the two
 * (as {@code Channels}' streams have) would hang, hence the time limit.
 */
@Timeout(60)
class DaemonServerTest {

    @TempDir
    Path dir;

    private DaemonServer server;
    private CompletableFuture<Void> serving;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            serving.get(10, TimeUnit.SECONDS);
        }
    }

    /** A runner that writes its arguments to out, "e" to err, and exits with the number after "exit". */
    private static final class Echo implements DaemonServer.Runner {

        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);
        volatile boolean block;

        @Override
        public boolean takes(DaemonProtocol.Run run) {
            return !run.args().contains("not-mine");
        }

        @Override
        public int run(DaemonProtocol.Run run, PrintWriter out, PrintWriter err, DaemonServer.Cancellation cancel)
                throws Exception {
            cancel.onCancel(cancelled::countDown);
            started.countDown();
            if (run.args().contains("throw")) {
                throw new IllegalStateException("boom");
            }
            if (block) {
                release.await(30, TimeUnit.SECONDS);
            }
            out.println(run.workingDir() + " " + String.join(" ", run.args()));
            err.println("e");
            int i = run.args().indexOf("exit");
            return i < 0 ? 0 : Integer.parseInt(run.args().get(i + 1));
        }
    }

    private Path start(DaemonServer.Runner runner, Duration idle) throws Exception {
        Path socket = dir.resolve("s.sock");
        server = DaemonServer.bind(socket, idle, runner);
        serving = CompletableFuture.runAsync(server::serve);
        return socket;
    }

    private record Answer(int exit, String out, String err) {}

    private static Answer call(Path socket, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DaemonClient.run(socket, new DaemonProtocol.Run("/some/dir", null, false, List.of(args)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Answer(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunsOutputErrorsAndExitCodeReachTheCaller() throws Exception {
        Path socket = start(new Echo(), Duration.ofMinutes(1));
        Answer a = call(socket, "batch", "--input", "x y", "exit", "3");
        assertThat(a.exit()).isEqualTo(3);
        assertThat(a.out()).isEqualTo("/some/dir batch --input x y exit 3\n");
        assertThat(a.err()).isEqualTo("e\n");
        assertThat(call(socket, "batch").exit()).isZero();
        assertThat(server.runs()).isEqualTo(2);
    }

    @Test
    void nothingListeningMeansTheCallerRunsItItself() {
        assertThat(call(dir.resolve("none.sock"), "batch").exit()).isEqualTo(DaemonClient.NOT_SERVED);
    }

    @Test
    void aCommandTheRunnerDoesNotTakeIsNotServed() throws Exception {
        Path socket = start(new Echo(), Duration.ofMinutes(1));
        assertThat(call(socket, "batch", "not-mine").exit()).isEqualTo(DaemonClient.NOT_SERVED);
        assertThat(server.runs()).isZero();
    }

    @Test
    void aRunThatComesWhileOneRunsIsNotServed() throws Exception {
        Echo runner = new Echo();
        runner.block = true;
        Path socket = start(runner, Duration.ofMinutes(1));
        CompletableFuture<Answer> first = CompletableFuture.supplyAsync(() -> call(socket, "batch", "first"));
        assertThat(runner.started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(call(socket, "batch", "second").exit()).isEqualTo(DaemonClient.NOT_SERVED);
        runner.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).out()).contains("first");
        assertThat(call(socket, "batch", "third").exit()).as("free again").isZero();
    }

    @Test
    void aRunIsCancelledWhenItsCallerGoesAway() throws Exception {
        Echo runner = new Echo();
        runner.block = true;
        Path socket = start(runner, Duration.ofMinutes(1));
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            DaemonProtocol.writeRun(new DataOutputStream(new BufferedOutputStream(DaemonProtocol.output(channel))),
                    new DaemonProtocol.Run("/", null, false, List.of("batch")));
            DataInputStream in = new DataInputStream(new BufferedInputStream(DaemonProtocol.input(channel)));
            assertThat(in.readByte()).isEqualTo(DaemonProtocol.ACCEPTED);
            assertThat(in.readLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(runner.started.await(10, TimeUnit.SECONDS)).isTrue();
        } // Ctrl-C on the caller's side
        assertThat(runner.cancelled.await(10, TimeUnit.SECONDS)).as("cancelled").isTrue();
        runner.release.countDown();
    }

    @Test
    void aRunnerThatFailsEndsTheRunWithOneLineAndExitCodeOne() throws Exception {
        Path socket = start(new Echo(), Duration.ofMinutes(1));
        Answer a = call(socket, "batch", "throw");
        assertThat(a.exit()).isEqualTo(1);
        assertThat(a.err()).isEqualTo("hunt: java.lang.IllegalStateException: boom\n");
        assertThat(call(socket, "batch").exit()).as("still serving").isZero();
    }

    @Test
    void itStopsAfterItsIdleTimeAndRemovesItsSocket() throws Exception {
        Path socket = start(new Echo(), Duration.ofMillis(300));
        assertThat(call(socket, "batch").exit()).isZero();
        serving.get(10, TimeUnit.SECONDS);
        assertThat(socket).doesNotExist();
        assertThat(call(socket, "batch").exit()).isEqualTo(DaemonClient.NOT_SERVED);
    }

    @Test
    void aStopRequestEndsItAndStatusSaysWhatItDoes() throws Exception {
        Path socket = start(new Echo(), Duration.ofMinutes(1));
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(DaemonClient.simple(socket, DaemonProtocol.STATUS, new PrintStream(status, true, StandardCharsets.UTF_8), err))
                .isZero();
        assertThat(status.toString(StandardCharsets.UTF_8))
                .startsWith("warm JVM pid " + ProcessHandle.current().pid()).contains("0 run(s), idle");
        assertThat(DaemonClient.simple(socket, DaemonProtocol.STOP, System.out, err)).isZero();
        serving.get(10, TimeUnit.SECONDS);
        assertThat(socket).doesNotExist();
    }

    @Test
    void aRequestOfAnotherVersionIsNotServedAndTheServerGoesOn() throws Exception {
        Path socket = start(new Echo(), Duration.ofMinutes(1));
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            DataOutputStream out = new DataOutputStream(DaemonProtocol.output(channel));
            out.writeInt(DaemonProtocol.MAGIC);
            out.writeInt(DaemonProtocol.VERSION + 1);
            out.writeByte(DaemonProtocol.RUN);
            assertThat(new DataInputStream(DaemonProtocol.input(channel)).readByte()).isEqualTo(DaemonProtocol.NOT_SERVED);
        }
        assertThat(call(socket, "batch").exit()).isZero();
    }

    @Test
    void aSocketFileLeftByADeadWarmJvmIsReplaced() throws Exception {
        Files.writeString(dir.resolve("s.sock"), "left over");
        Path socket = start(new Echo(), Duration.ofMinutes(1));
        assertThat(call(socket, "batch").exit()).isZero();
    }
}
