package io.cloudexfil.hunt.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds JSON lines straight into a byte buffer and hands full chunks to an output stream: no
 * per-row objects, no encoder. Strings are escaped as JSON requires ({@code "}, {@code \}, control
 * characters) and written as UTF-8, or with every non-ASCII character as {@code \}{@code uXXXX}
 * when {@link #escapeNonAscii} is set (both forms occur in real exports). Not thread-safe.
 */
final class JsonLineWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FLAT_END = {'}', '\n'};
    private static final int FLUSH_AT = 4 << 20;

    private OutputStream out;
    private byte[] buf;
    private int len;
    private int lineStart;
    private long written;
    /** Per line: write non-ASCII characters as backslash-u escapes instead of UTF-8. */
    boolean escapeNonAscii;
    /** What {@link #endLine} writes: the row's closing brace and the line end (and an envelope's tail). */
    private byte[] lineEnd = FLAT_END;

    JsonLineWriter(OutputStream out) {
        this(out, FLUSH_AT + (64 << 10));
    }

    private JsonLineWriter(OutputStream out, int capacity) {
        this.out = out;
        this.buf = new byte[capacity];
    }

    /** Pre-encodes {@code ,"name":} (or {@code {"name":} for the first key of a line). */
    static byte[] key(String name, boolean first) {
        return ((first ? "{\"" : ",\"") + name + "\":").getBytes(StandardCharsets.US_ASCII);
    }

    void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    void rawByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    void nul() {
        raw(NULL);
    }

    void num(long v) {
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        if (v < 10) {
            buf[len++] = (byte) ('0' + v);
            return;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        len = end;
    }

    /** {@code "..."}, with JSON escaping. */
    void str(CharSequence s) {
        int n = s.length();
        ensure(n * 6 + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[p++] = (byte) c;
                } else {
                    b[p++] = '\\';
                    switch (c) {
                        case '"': b[p++] = '"'; break;
                        case '\\': b[p++] = '\\'; break;
                        case '\n': b[p++] = 'n'; break;
                        case '\r': b[p++] = 'r'; break;
                        case '\t': b[p++] = 't'; break;
                        default:
                            p = unicodeEscape(b, p - 1, c);
                    }
                }
            } else if (escapeNonAscii) {
                p = unicodeEscape(b, p, c);
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        len = p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    /** Ends the current line ({@code }\n}, or the configured end); writes the buffer out when it is full. */
    void endLine() throws IOException {
        raw(lineEnd);
        written += len - lineStart;
        lineStart = len;
        if (out != null && len >= FLUSH_AT) {
            flush();
        }
    }

    /** The bytes {@link #endLine} writes, starting with the row's closing brace. */
    void lineEnd(byte[] end) {
        lineEnd = end;
    }

    /** The buffer: completed lines are {@code [0, lineStart())} when no stream is set. */
    byte[] buffer() {
        return buf;
    }

    int lineStart() {
        return lineStart;
    }

    /** Forgets the completed lines (the caller has taken them from {@link #buffer()}). */
    void dropLines() {
        System.arraycopy(buf, lineStart, buf, 0, len - lineStart);
        len -= lineStart;
        lineStart = 0;
    }

    /**
     * The JSON form of {@code s} ({@code "..."}), as UTF-8 ([0]) and with non-ASCII characters as
     * backslash-u escapes ([1]), for values written on many rows; null writes {@code null}.
     */
    static byte[][] encode(String s) {
        JsonLineWriter w = new JsonLineWriter(null, s == null ? 8 : s.length() * 6 + 2);
        byte[][] forms = new byte[2][];
        for (int f = 0; f < 2; f++) {
            w.len = 0;
            w.escapeNonAscii = f == 1;
            if (s == null) {
                w.nul();
            } else {
                w.str(s);
            }
            forms[f] = java.util.Arrays.copyOf(w.buf, w.len);
        }
        return forms;
    }

    /** A value from {@link #encode}, in this line's form. */
    void value(byte[][] forms) {
        raw(forms[escapeNonAscii ? 1 : 0]);
    }

    /** {@code key} then {@code value}: both pre-encoded. */
    void field(byte[] key, byte[][] value) {
        raw(key);
        raw(value[escapeNonAscii ? 1 : 0]);
    }

    /** {@code key} then a string or {@code null}. */
    void field(byte[] key, CharSequence value) {
        raw(key);
        if (value == null) {
            nul();
        } else {
            str(value);
        }
    }

    /** {@code key} then a number. */
    void field(byte[] key, long value) {
        raw(key);
        num(value);
    }

    /** {@code key} then {@code true} or {@code false}. */
    void field(byte[] key, boolean value) {
        raw(key);
        raw(value ? TRUE : FALSE);
    }

    /** Bytes of the completed lines so far. */
    long written() {
        return written;
    }

    /** Writes out what is buffered and continues in another stream (the next file). */
    void to(OutputStream next) throws IOException {
        if (out != null) {
            flush();
        }
        out = next;
    }

    void flush() throws IOException {
        out.write(buf, 0, lineStart);
        System.arraycopy(buf, lineStart, buf, 0, len - lineStart);
        len -= lineStart;
        lineStart = 0;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, len + extra)];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
    }
}
