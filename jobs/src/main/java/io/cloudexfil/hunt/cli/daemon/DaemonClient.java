package io.cloudexfil.hunt.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/hunt}'s side of the warm JVM: hands a command to the warm JVM listening on a socket,
 * copies what it writes to stdout and stderr, and exits with its exit code. When nothing ran (no
 * warm JVM, or it is busy with another run) it exits with {@link #NOT_SERVED} and {@code bin/hunt}
 * runs the command in a JVM of its own. Ctrl-C ends this process, and the warm JVM cancels the run.
 *
 * <p>{@code DaemonClient SOCKET run ARGS...}, {@code DaemonClient SOCKET stop}, {@code DaemonClient SOCKET status};
 * {@code -Dhunt.log.file} and {@code -Dhunt.progress} as for a command run here.
 */
public final class DaemonClient {

    /** Nothing ran (EX_TEMPFAIL): the caller runs the command itself. */
    public static final int NOT_SERVED = 75;

    private DaemonClient() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("hunt: usage: DaemonClient SOCKET run|stop|status [ARGS...]");
            System.exit(2);
        }
        Path socket = Path.of(args[0]);
        List<String> rest = Arrays.asList(args).subList(2, args.length);
        int exit = switch (args[1]) {
            case "run" -> run(socket, new DaemonProtocol.Run(System.getProperty("user.dir"),
                    System.getProperty("hunt.log.file"), Boolean.getBoolean("hunt.progress"), rest), System.out, System.err);
            case "stop" -> simple(socket, DaemonProtocol.STOP, System.out, System.err);
            case "status" -> simple(socket, DaemonProtocol.STATUS, System.out, System.err);
            default -> {
                System.err.println("hunt: unknown request " + args[1]);
                yield 2;
            }
        };
        System.exit(exit);
    }

    /** Runs a command in the warm JVM at {@code socket}; its exit code, or {@link #NOT_SERVED}. */
    static int run(Path socket, DaemonProtocol.Run request, PrintStream out, PrintStream err) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                DaemonProtocol.writeRun(new DataOutputStream(new BufferedOutputStream(DaemonProtocol.output(channel))), request);
            } catch (IOException e) {
                return NOT_SERVED; // no warm JVM here (a stale socket file, or none)
            }
            return answers(channel, out, err, request.logFile());
        } catch (IOException e) {
            return NOT_SERVED;
        }
    }

    static int simple(Path socket, byte kind, PrintStream out, PrintStream err) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                DataOutputStream request = new DataOutputStream(new BufferedOutputStream(DaemonProtocol.output(channel)));
                DaemonProtocol.header(request, kind);
                request.flush();
            } catch (IOException e) {
                return NOT_SERVED;
            }
            return answers(channel, out, err, null);
        } catch (IOException e) {
            return NOT_SERVED;
        }
    }

    /** Copies the answer's frames to {@code out} and {@code err}; the exit code. */
    private static int answers(SocketChannel channel, PrintStream out, PrintStream err, String logFile) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(DaemonProtocol.input(channel)));
        long pid = -1;
        try {
            while (true) {
                byte kind = in.readByte();
                switch (kind) {
                    case DaemonProtocol.ACCEPTED -> pid = in.readLong();
                    case DaemonProtocol.NOT_SERVED -> {
                        return NOT_SERVED;
                    }
                    case DaemonProtocol.OUT -> {
                        out.write(DaemonProtocol.readChunk(in));
                        out.flush();
                    }
                    case DaemonProtocol.ERR -> {
                        err.write(DaemonProtocol.readChunk(in));
                        err.flush();
                    }
                    case DaemonProtocol.EXIT -> {
                        return in.readInt();
                    }
                    default -> throw new IOException("unknown frame " + kind);
                }
            }
        } catch (IOException e) {
            if (pid < 0) {
                return NOT_SERVED; // it went away before taking the run: nothing ran
            }
            err.println("hunt: the warm JVM (pid " + pid + ") ended during the run"
                    + (e instanceof EOFException ? "" : ": " + e.getMessage())
                    + (logFile == null ? "" : "; details: " + logFile));
            return 1;
        }
    }
}
