package io.cloudexfil.hunt.source.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding: LF or CRLF endings, one leading UTF-8 BOM
 * ignored. A line longer than {@code maxLineBytes} is not kept in memory: its first bytes are
 * returned with {@link #truncated()} set, the rest is skipped.
 *
 * <p>Each block read is also kept as Latin-1 text, one char per byte ({@link #text()}): the JIT
 * turns String.indexOf into vector instructions, so searching that text for a byte (a newline,
 * a quote, a key's rare letter) is several times faster than any loop over the bytes.
 */
public final class LineReader {

    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buf = new byte[CHUNK];
    /** buf[0, end) as Latin-1 text, made again after each read. */
    private String text = "";
    private int start;
    private int end;
    /** The stream offset of buf[0]. */
    private long base;
    private long lineStart;
    private boolean eof;
    private boolean first = true;

    private byte[] lineBuf;
    private int lineOff;
    private int lineLen;
    private boolean truncated;
    private long lineNumber;

    public LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Advances to the next line; false at end of input. */
    public boolean next() throws IOException {
        truncated = false;
        int scanFrom = start;
        while (true) {
            int i = text.indexOf('\n', scanFrom);
            if (i >= 0) {
                lineStart = base + start;
                setLine(start, i);
                start = i + 1;
                return true;
            }
            if (eof) {
                if (start < end) {
                    lineStart = base + start;
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
        lineStart = base + start;
        byte[] head = Arrays.copyOfRange(buf, start, start + Math.min(4096, end - start));
        start = end;
        boolean found = false;
        while (!found) {
            if (start == end) {
                readMore(); // no text: the rest of the line is only searched for its end
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
        text = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        first = false;
        lineBuf = head;
        lineOff = 0;
        lineLen = head.length;
        truncated = true;
        lineNumber++;
    }

    /** Moves the unread part to the front, grows if needed, reads more; makes the text again. */
    private void fill() throws IOException {
        readMore();
        text = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
    }

    private void readMore() throws IOException {
        int remaining = end - start;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, remaining);
        }
        base += start;
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

    /**
     * The Latin-1 text of the current line's buffer, {@code text().charAt(i) == (lineBuffer()[i] & 0xFF)}
     * for every index of the line; null when the line is a kept head of a too long one.
     */
    public String text() {
        return lineBuf == buf ? text : null;
    }

    public byte[] lineBuffer() {
        return lineBuf;
    }

    public int lineOffset() {
        return lineOff;
    }

    public int lineLength() {
        return lineLen;
    }

    boolean truncated() {
        return truncated;
    }

    /** The offset in the stream of the current line's first byte (a BOM included). */
    long lineStart() {
        return lineStart;
    }

    /** The offset in the stream of the first byte not yet returned in a line. */
    long position() {
        return base + start;
    }

    long lineNumber() {
        return lineNumber;
    }
}
