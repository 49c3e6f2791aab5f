package io.cloudexfil.hunt.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes between {@code bin/hunt}'s client and the warm JVM over a Unix domain socket. The
 * JDK only: the client's JVM loads nothing else, so that it starts in a tenth of a second.
 *
 * <p>The client sends one request: magic, version, kind ({@link #RUN}, {@link #STOP}, {@link #STATUS}),
 * then for a run its working directory, log file, whether stderr is a terminal and the arguments.
 * The warm JVM answers with frames, each a kind byte and its data: {@link #ACCEPTED} (its pid) or
 * {@link #NOT_SERVED} first, then {@link #OUT} and {@link #ERR} chunks as the command writes them,
 * then {@link #EXIT} with the exit code. The client writes nothing after its request: the end of
 * its stream means it went away (Ctrl-C), and the run is cancelled.
 */
final class DaemonProtocol {

    private DaemonProtocol() {}

    static final int MAGIC = 0x48554e54; // "HUNT"
    static final int VERSION = 1;

    // request kinds
    static final byte RUN = 1;
    static final byte STOP = 2;
    static final byte STATUS = 3;

    // answer frames
    static final byte ACCEPTED = 10;
    static final byte NOT_SERVED = 11;
    static final byte OUT = 12;
    static final byte ERR = 13;
    static final byte EXIT = 14;

    /** A request to run a command. */
    record Run(String workingDir, String logFile, boolean progress, List<String> args) {}

    static void writeRun(DataOutputStream out, Run run) throws IOException {
        header(out, RUN);
        writeString(out, run.workingDir());
        writeString(out, run.logFile() == null ? "" : run.logFile());
        out.writeBoolean(run.progress());
        out.writeInt(run.args().size());
        for (String arg : run.args()) {
            writeString(out, arg);
        }
        out.flush();
    }

    static void header(DataOutputStream out, byte kind) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeByte(kind);
    }

    /** The request's kind, or -1 when it is not one of this version's. */
    static int readKind(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            return -1;
        }
        return in.readByte();
    }

    static Run readRun(DataInputStream in) throws IOException {
        String dir = readString(in);
        String log = readString(in);
        boolean progress = in.readBoolean();
        int n = in.readInt();
        if (n < 0 || n > 10_000) {
            throw new IOException("bad request: " + n + " arguments");
        }
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(readString(in));
        }
        return new Run(dir, log.isEmpty() ? null : log, progress, args);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("bad request: a string of " + n + " bytes");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** Frames of one kind ({@link #OUT} or {@link #ERR}) on a stream shared with other frames. */
    static final class FrameStream extends OutputStream {

        private final DataOutputStream out;
        private final byte kind;

        FrameStream(DataOutputStream out, byte kind) {
            this.out = out;
            this.kind = kind;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            synchronized (out) {
                out.writeByte(kind);
                out.writeInt(len);
                out.write(b, off, len);
                out.flush();
            }
        }
    }

    /**
     * The channel's bytes as a stream. Not {@link java.nio.channels.Channels#newInputStream}: its
     * streams of one channel share a lock, so a thread blocked reading (the warm JVM's watch for its
     * caller's end) would hold back every write to that caller.
     */
    static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** Writes to the channel (see {@link #input}: no lock shared with a reader). */
    static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        };
    }

    /** Reads a frame's data: a length and that many bytes. */
    static byte[] readChunk(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new EOFException("bad frame length " + n);
        }
        return in.readNBytes(n);
    }
}
