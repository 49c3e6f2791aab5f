package io.cloudexfil.hunt.source.line;

import org.apache.flink.table.data.TimestampData;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The latest event time of one table's rows in a line the prefilter passed over, read from the
 * bytes without a JSON parser: the same time {@link LineRouter} finds by routing the line with no
 * columns, at a fraction of the cost (a stream times every line it passes over, and a Kafka message
 * of a mixed topic is timed by each table's source).
 *
 * <p>It follows the router's rules: an Event Hubs {@code records} array wins over the keys beside
 * it; an envelope is its {@code category}'s table with the time of its {@code properties}; a
 * Sentinel row is its {@code Type}'s, timed by {@code Timestamp} or else {@code TimeGenerated}; a
 * flat row is the topic's or file's table. Of repeated keys the last of the right kind counts, as
 * the parser reads them. It checks the JSON as it goes (strings, escapes, numbers, literals,
 * nesting) and answers {@link #UNSURE} for any line it could read differently from Jackson: an
 * escape in a key, in {@code category} or {@code Type}, non-ASCII where a value is compared, bad or
 * deep JSON, trailing data. The caller then routes the line as before; that keeps the two equal on
 * every line, which {@code LineTimesTest} checks on valid, hostile and mutated lines.
 */
final class LineTimes {

    /** Not decided here: the line must be routed. Compared by identity. */
    static final TimestampData UNSURE = TimestampData.fromEpochMillis(Long.MIN_VALUE);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;
    /** Deeper lines are left to the parser, whose limit (200) decides them. */
    private static final int MAX_DEPTH = 64;
    /** Longer numbers are left to the parser, whose limit (1000 digits) decides them. */
    private static final int MAX_NUMBER = 100;

    private static final byte[] RECORDS = ascii("records");
    private static final byte[] PROPERTIES = ascii("properties");
    private static final byte[] CATEGORY = ascii("category");
    private static final byte[] TYPE = ascii("Type");
    private static final byte[] TIMESTAMP = ascii(RowParser.TIMESTAMP);
    private static final byte[] TIME_GENERATED = ascii(RowParser.TIME_GENERATED);

    private static final int OTHER = 0;
    private static final int K_RECORDS = 1;
    private static final int K_PROPERTIES = 2;
    private static final int K_CATEGORY = 3;
    private static final int K_TYPE = 4;
    private static final int K_TIMESTAMP = 5;
    private static final int K_TIME_GENERATED = 6;

    /** Thrown inside a scan when the line is not one to decide here; never leaves this class. */
    private static final class Unsure extends Exception {
        private static final long serialVersionUID = 1L;
        static final Unsure INSTANCE = new Unsure();

        private Unsure() {
            super(null, null, false, false);
        }
    }

    private final String table;
    private final String fileTable;

    private byte[] b;
    private int p;
    private int end;
    private int depth;

    /** What the members of one object said: the router's keys plus the row's own times. */
    private static final class Members {
        boolean records;
        TimestampData recordsLatest;
        boolean properties;
        TimestampData propertiesTime;
        String category;
        String type;
        boolean tsSeen;
        TimestampData ts;
        boolean generatedSeen;
        TimestampData generated;

        void reset() {
            records = false;
            recordsLatest = null;
            properties = false;
            propertiesTime = null;
            category = null;
            type = null;
            tsSeen = false;
            ts = null;
            generatedSeen = false;
            generated = null;
        }
    }

    private final Members top = new Members();
    private final Members record = new Members();
    private final Members row = new Members();

    /** The line's object (where {@code records} counts), a record of its array, or a row (only its times count). */
    private enum Level { LINE, RECORD, ROW }

    /** @param fileTable the table of flat rows (a dedicated file or topic), or null */
    LineTimes(String table, String fileTable) {
        this.table = table;
        this.fileTable = fileTable;
    }

    /** The latest time of this table's rows in the line, null if none, or {@link #UNSURE}. */
    TimestampData latest(byte[] buf, int off, int len) {
        b = buf;
        p = off;
        end = off + len;
        depth = 0;
        try {
            skipWhitespace();
            if (p >= end || at(p) != '{') {
                return UNSURE;
            }
            top.reset();
            members(top, Level.LINE);
            skipWhitespace();
            if (p != end) {
                return UNSURE;
            }
            if (top.records) {
                return top.recordsLatest;
            }
            TimestampData routed = routedTime(top);
            if (routed != UNSURE) {
                return routed;
            }
            // neither envelope nor Sentinel row: a flat row of the file's table
            return table.equals(fileTable) ? rowTime(top, false) : null;
        } catch (Unsure e) {
            return UNSURE;
        } finally {
            b = null;
        }
    }

    /** An envelope's or Sentinel row's time if of this table (null if another's), UNSURE if it is neither. */
    private TimestampData routedTime(Members m) {
        if (m.category != null && m.properties) {
            return table.equals(LineRouter.tableOfCategory(m.category)) ? m.propertiesTime : null;
        }
        if (m.type != null) {
            return table.equals(m.type) ? rowTime(m, true) : null;
        }
        return UNSURE;
    }

    /** RowParser's event time of a row whose members are {@code m}. */
    private static TimestampData rowTime(Members m, boolean sentinel) {
        if (m.ts == null && !m.tsSeen && sentinel && m.generatedSeen) {
            return m.generated;
        }
        return m.ts;
    }

    /** Reads an object's members from its opening brace to past its closing one, noting what routes and times it. */
    private void members(Members m, Level level) throws Unsure {
        enter();
        p++; // '{'
        skipWhitespace();
        if (at(p) == '}') {
            p++;
            depth--;
            return;
        }
        while (true) {
            if (at(p) != '"') {
                throw Unsure.INSTANCE;
            }
            int key = key();
            if (level == Level.ROW && key != K_TIMESTAMP && key != K_TIME_GENERATED) {
                key = OTHER;
            }
            skipWhitespace();
            if (at(p) != ':') {
                throw Unsure.INSTANCE;
            }
            p++;
            skipWhitespace();
            byte c = at(p);
            switch (key) {
                case K_RECORDS:
                    if (level == Level.LINE && c == '[') {
                        if (m.records) {
                            throw Unsure.INSTANCE; // a second array: the router's reading of it is its own
                        }
                        m.records = true;
                        m.recordsLatest = records(m.recordsLatest);
                    } else {
                        skipValue();
                    }
                    break;
                case K_PROPERTIES:
                    if (c == '{') {
                        row.reset();
                        members(row, Level.ROW);
                        m.properties = true;
                        m.propertiesTime = rowTime(row, false);
                    } else {
                        skipValue();
                    }
                    break;
                case K_CATEGORY:
                    if (c == '"') {
                        m.category = asciiString();
                    } else {
                        skipValue();
                    }
                    break;
                case K_TYPE:
                    if (c == '"') {
                        m.type = asciiString();
                    } else {
                        skipValue();
                    }
                    break;
                case K_TIMESTAMP:
                    m.tsSeen = true;
                    if (c == '"') {
                        m.ts = IsoTimestamps.parse(asciiString());
                    } else {
                        m.ts = null; // not a string: the row has no time
                        skipValue();
                    }
                    break;
                case K_TIME_GENERATED:
                    if (c == '"') {
                        m.generatedSeen = true;
                        m.generated = IsoTimestamps.parse(asciiString());
                    } else {
                        skipValue();
                    }
                    break;
                default:
                    skipValue();
            }
            skipWhitespace();
            c = at(p++);
            if (c == '}') {
                depth--;
                return;
            }
            if (c != ',') {
                throw Unsure.INSTANCE;
            }
            skipWhitespace();
        }
    }

    /** An Event Hubs records array: the latest time of this table's records, after {@code latest}. */
    private TimestampData records(TimestampData latest) throws Unsure {
        enter();
        p++; // '['
        skipWhitespace();
        if (at(p) == ']') {
            p++;
            depth--;
            return latest;
        }
        while (true) {
            if (at(p) == '{') {
                record.reset();
                members(record, Level.RECORD);
                TimestampData t = routedTime(record);
                if (t != UNSURE) {
                    latest = WatermarkMarkers.later(latest, t);
                }
            } else {
                skipValue(); // not an object: the router rejects it and goes on
            }
            skipWhitespace();
            byte c = at(p++);
            if (c == ']') {
                depth--;
                return latest;
            }
            if (c != ',') {
                throw Unsure.INSTANCE;
            }
            skipWhitespace();
        }
    }

    /** The byte at {@code i} of the line; past its end the line is not one to decide here. */
    private byte at(int i) throws Unsure {
        if (i >= end) {
            throw Unsure.INSTANCE;
        }
        return b[i];
    }

    private void enter() throws Unsure {
        if (++depth > MAX_DEPTH) {
            throw Unsure.INSTANCE;
        }
    }

    /** A key, from its opening quote to past its closing one; keys with escapes are not decided here. */
    private int key() throws Unsure {
        int from = p + 1;
        int to = plainStringEnd(from);
        p = to + 1;
        int n = to - from;
        switch (n) {
            case 4:
                return same(from, TYPE) ? K_TYPE : OTHER;
            case 7:
                return same(from, RECORDS) ? K_RECORDS : OTHER;
            case 8:
                return same(from, CATEGORY) ? K_CATEGORY : OTHER;
            case 9:
                return same(from, TIMESTAMP) ? K_TIMESTAMP : OTHER;
            case 10:
                return same(from, PROPERTIES) ? K_PROPERTIES : OTHER;
            case 13:
                return same(from, TIME_GENERATED) ? K_TIME_GENERATED : OTHER;
            default:
                return OTHER;
        }
    }

    private boolean same(int from, byte[] word) {
        for (int i = 0; i < word.length; i++) {
            if (b[from + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    /** A string value compared or parsed here: plain ASCII only (else not decided here). */
    private String asciiString() throws Unsure {
        int from = p + 1;
        int to = plainStringEnd(from);
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                throw Unsure.INSTANCE;
            }
        }
        p = to + 1;
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * The index of the closing quote of a string whose content starts at {@code from}, which must
     * be plain: an escape (the decoded text is Jackson's to give) or a control byte is unsure.
     */
    private int plainStringEnd(int from) throws Unsure {
        int at = special(from);
        if (at(at) != '"') {
            throw Unsure.INSTANCE;
        }
        return at;
    }

    /** Skips a string value from its opening quote to past its closing one, checking its escapes. */
    private void skipString() throws Unsure {
        int i = p + 1;
        while (true) {
            int at = special(i);
            byte c = at(at);
            if (c == '"') {
                p = at + 1;
                return;
            }
            if (c == '\\') {
                i = escape(at);
            } else {
                throw Unsure.INSTANCE;
            }
        }
    }

    /** The first quote, backslash or control byte at or after {@code i}, eight bytes a step. */
    private int special(int i) throws Unsure {
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            long found = zeroByte(x ^ QUOTES) | zeroByte(x ^ BACKSLASHES) | ((x - SPACES) & ~x & HIGH);
            if (found != 0) {
                // the lowest flag is exact (a borrow only runs upwards, past a byte that is flagged)
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        while (true) {
            byte c = at(i);
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                return i;
            }
            i++;
        }
    }

    private static long zeroByte(long v) {
        return (v - ONES) & ~v & HIGH;
    }

    /** Checks the escape at {@code at} (a backslash) and returns the index after it. */
    private int escape(int at) throws Unsure {
        byte e = at(at + 1);
        switch (e) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                return at + 2;
            case 'u':
                for (int k = at + 2; k < at + 6; k++) {
                    if (Character.digit(at(k), 16) < 0) {
                        throw Unsure.INSTANCE;
                    }
                }
                return at + 6;
            default:
                throw Unsure.INSTANCE;
        }
    }

    private void skipValue() throws Unsure {
        byte c = at(p);
        switch (c) {
            case '"':
                skipString();
                return;
            case '{':
                skipObject();
                return;
            case '[':
                skipArray();
                return;
            case 't':
                literal("true");
                return;
            case 'f':
                literal("false");
                return;
            case 'n':
                literal("null");
                return;
            default:
                number();
        }
    }

    private void skipObject() throws Unsure {
        enter();
        p++;
        skipWhitespace();
        if (at(p) == '}') {
            p++;
            depth--;
            return;
        }
        while (true) {
            if (at(p) != '"') {
                throw Unsure.INSTANCE;
            }
            skipString();
            skipWhitespace();
            if (at(p++) != ':') {
                throw Unsure.INSTANCE;
            }
            skipWhitespace();
            skipValue();
            skipWhitespace();
            byte c = at(p++);
            if (c == '}') {
                depth--;
                return;
            }
            if (c != ',') {
                throw Unsure.INSTANCE;
            }
            skipWhitespace();
        }
    }

    private void skipArray() throws Unsure {
        enter();
        p++;
        skipWhitespace();
        if (at(p) == ']') {
            p++;
            depth--;
            return;
        }
        while (true) {
            skipValue();
            skipWhitespace();
            byte c = at(p++);
            if (c == ']') {
                depth--;
                return;
            }
            if (c != ',') {
                throw Unsure.INSTANCE;
            }
            skipWhitespace();
        }
    }

    private void literal(String word) throws Unsure {
        for (int i = 0; i < word.length(); i++) {
            if (at(p + i) != word.charAt(i)) {
                throw Unsure.INSTANCE;
            }
        }
        p += word.length();
        if (p < end && isWordByte(at(p))) {
            throw Unsure.INSTANCE; // "truex"
        }
    }

    /** JSON's number grammar exactly: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void number() throws Unsure {
        int from = p;
        if (at(p) == '-') {
            p++;
        }
        if (at(p) == '0') {
            p++;
        } else if (at(p) >= '1' && at(p) <= '9') {
            digits();
        } else {
            throw Unsure.INSTANCE;
        }
        if (p < end && at(p) == '.') {
            p++;
            if (!isDigit(at(p))) {
                throw Unsure.INSTANCE;
            }
            digits();
        }
        if (p < end && (at(p) == 'e' || at(p) == 'E')) {
            p++;
            if (at(p) == '+' || at(p) == '-') {
                p++;
            }
            if (!isDigit(at(p))) {
                throw Unsure.INSTANCE;
            }
            digits();
        }
        if (p - from > MAX_NUMBER || (p < end && isWordByte(at(p)))) {
            throw Unsure.INSTANCE;
        }
    }

    private void digits() {
        while (p < end && isDigit(b[p])) {
            p++;
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** A byte that may not follow a literal or number directly. */
    private static boolean isWordByte(byte c) {
        return c < 0 || WORD[c];
    }

    private static final boolean[] WORD = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            WORD[c] = Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '+';
        }
    }

    private void skipWhitespace() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            p++;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
