package io.cloudexfil.hunt.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding: LF or CRLF endings, one leading UTF-8 BOM
 * ignored. A line longer than {@code maxLineBytes} is not kept in memory: its first bytes are
 * returned with {@link #truncated()} set, the rest is skipped.
 */
final class LineReader {

    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buf = new byte[CHUNK];
    private int start;
    private int end;
    private boolean eof;
    private boolean first = true;

    private byte[] lineBuf;
    private int lineOff;
    private int lineLen;
    private boolean truncated;
    private long lineNumber;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Advances to the next line; false at end of input. */
    boolean next() throws IOException {
        truncated = false;
        int scanFrom = start;
        while (true) {
            int i = indexOfNewline(buf, scanFrom, end);
            if (i >= 0) {
                setLine(start, i);
                start = i + 1;
                return true;
            }
            if (eof) {
                if (start < end) {
                    setLine(start, end);
                    start = end;
                    return true;
                }
                return false;
            }
            if (end - start >= maxLineBytes) {
                skipRestOfLine();
                return true;
            }
            scanFrom = end - start;
            fill();
            scanFrom += start;
        }
    }

    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    /** The first '\n' in {@code b[from, to)}, or -1; eight bytes at a time (the scan every byte goes through). */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONG.get(b, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGH; // the lowest set bit marks the first zero byte of x
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void setLine(int from, int to) {
        if (first) {
            first = false;
            if (to - from >= 3 && buf[from] == (byte) 0xEF && buf[from + 1] == (byte) 0xBB
                    && buf[from + 2] == (byte) 0xBF) {
                from += 3;
            }
        }
        if (to > from && buf[to - 1] == '\r') {
            to--;
        }
        lineBuf = buf;
        lineOff = from;
        lineLen = to - from;
        lineNumber++;
    }

    /** The line is too long: keep its head for the dead letter, drop the rest up to the newline. */
    private void skipRestOfLine() throws IOException {
        byte[] head = Arrays.copyOfRange(buf, start, start + Math.min(4096, end - start));
        start = end;
        boolean found = false;
        while (!found) {
            if (start == end) {
                fill();
                if (start == end && eof) {
                    break;
                }
            }
            for (int i = start; i < end; i++) {
                if (buf[i] == '\n') {
                    start = i + 1;
                    found = true;
                    break;
                }
            }
            if (!found) {
                start = end;
            }
        }
        first = false;
        lineBuf = head;
        lineOff = 0;
        lineLen = head.length;
        truncated = true;
        lineNumber++;
    }

    /** Moves the unread part to the front, grows if needed, reads more. */
    private void fill() throws IOException {
        int remaining = end - start;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, remaining);
        }
        start = 0;
        end = remaining;
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, CHUNK), maxLineBytes + CHUNK));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    byte[] lineBuffer() {
        return lineBuf;
    }

    int lineOffset() {
        return lineOff;
    }

    int lineLength() {
        return lineLen;
    }

    boolean truncated() {
        return truncated;
    }

    long lineNumber() {
        return lineNumber;
    }
}
