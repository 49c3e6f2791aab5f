package io.cloudexfil.hunt.source.prefilter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Evaluates a {@link LinePrefilter} on raw JSON lines, finding each column's value spans once per
 * line; the per-reader state of a prefilter (not thread-safe).
 *
 * <p>Every KQL string operator a prefilter stands for is true only if the value contains the
 * needle as a case-folded substring (udfs/SEMANTICS.md §2–§5), and a JSON string value is written
 * in its line byte for byte except for escapes and non-ASCII characters (sql/tables/README.md §2).
 * So the line is searched for the key {@code "C"} and only the string values that follow it are
 * scanned, and a line is always parsed when, in such a value, it holds
 * <ul>
 *   <li>an escape that can stand for a needle's character (backslash-slash, or backslash-u of
 *       an ASCII character or of one of the four below;
 *       {@code \\ \" \n \t \r \b \f} stand for characters no needle has),
 *   <li>one of the four non-ASCII characters that fold to ASCII letters
 *       (U+0130 İ, U+0131 ı, U+017F ſ, U+212A Kelvin sign),
 * </ul>
 * or when the value is not a string or null (an object's text, a number), or the key is preceded
 * by a backslash, or the line does not look like one JSON object (so a damaged line is still
 * parsed, and rejected). Every occurrence of the key is looked at (nested objects, envelopes,
 * Event Hubs records, a repeated key).
 */
public final class LineMatcher {

    /** Lines whose bytes are counted to choose the byte each key is searched by. */
    private static final int SAMPLE = 32;

    private final LinePrefilter p;
    byte[] line;
    private int off;
    private int end;
    /** Per column: [count*2+1, start, end, start, end, ...]; found on this line when {@link #found}. */
    private final int[][] spans;
    private final boolean[] found;
    private final String[] columns;
    private boolean unsafe;
    /**
     * The line's buffer as Latin-1 text, indexed as the buffer: String.indexOf is vectorised.
     * The reader's text of its whole block when it has one, else made here when first needed.
     */
    private String text;
    private boolean ownText;
    /**
     * Per column: the offset in its quoted key of the byte a key is searched by (chosen from the
     * first lines' byte counts), and the index of that byte in {@link #bytes}. A key is found by
     * searching the text for that byte and comparing the key around each hit.
     */
    private final int[] rareAt;
    private final int[] searchedBy;
    /**
     * The bytes keys are searched by. Columns may share one (ProcessVersionInfoProductName and
     * ProcessVersionInfoCompanyName both by its V): one search of the line finds all their keys.
     */
    private char[] bytes;
    /** Per searched byte, on this line: its positions (hitCount of them), once searched. */
    private int[][] hits;
    private int[] hitCount;
    private boolean[] searched;
    /** Per searched byte, in {@link #searchedText}: none in [scannedTo, beyond); beyond -1: none up to its end. */
    private int[] scannedTo;
    private int[] beyond;
    private String searchedText;
    /** Per column: the index in its byte's hits where its next key search starts. */
    private final int[] cursor;
    /** Per search byte: whether more than one column is searched by it (else its column searches alone). */
    private boolean[] shared;
    /**
     * Per column searched alone, in {@link #searchedText}: no search byte in [searchedFrom,
     * nextRare); nextRare -1: none up to its end. Such a column's search skips its own values.
     */
    private final int[] searchedFrom;
    private final int[] nextRare;
    /** Whether columns' search bytes are chosen to share searches (false: each its own rarest byte). */
    private final boolean share;
    private int sampled;
    private final int[] byteCounts = new int[256];

    LineMatcher(LinePrefilter p, boolean share) {
        this.p = p;
        this.share = share;
        this.spans = new int[p.columns.length][];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = new int[9];
        }
        this.found = new boolean[p.columns.length];
        // interned as the nodes' columns are (a deserialised array holds copies): found by identity
        this.columns = Arrays.stream(p.columns).map(String::intern).toArray(String[]::new);
        this.rareAt = new int[p.columns.length];
        this.searchedBy = new int[p.columns.length];
        this.cursor = new int[p.columns.length];
        this.searchedFrom = new int[p.columns.length];
        this.nextRare = new int[p.columns.length];
        for (int c = 0; c < rareAt.length; c++) {
            // until counted: the last capital of the name (ProcessCommandLine: L), uncommon in values
            byte[] key = p.keys[c];
            int at = 1;
            for (int j = 1; j < key.length - 1; j++) {
                if (key[j] >= 'A' && key[j] <= 'Z') {
                    at = j;
                }
            }
            rareAt[c] = at;
        }
        assignBytes();
    }

    /** How many searches of a line find all the columns' keys (one per distinct search byte). */
    int searchBytes() {
        return bytes.length;
    }

    /** True when the line can be passed over: no row of it can pass the filter. */
    public boolean passesOver(byte[] b, int off, int len) {
        return passesOver(b, off, len, null);
    }

    /**
     * True when the line can be passed over: no row of it can pass the filter.
     *
     * @param text the buffer as Latin-1 text (as the file reader keeps each block it reads), or null
     */
    public boolean passesOver(byte[] b, int off, int len, String text) {
        if (!looksLikeObject(b, off, len)) {
            return false;
        }
        this.line = b;
        this.off = off;
        this.end = off + len;
        this.unsafe = false;
        this.text = text;
        this.ownText = false;
        if (sampled < SAMPLE) {
            sample();
        }
        Arrays.fill(found, false);
        Arrays.fill(searched, false);
        boolean meets = (p.quick == null || p.quick.test(this)) && p.root.test(this);
        return !meets && !unsafe;
    }

    private void sample() {
        for (int i = off; i < end; i++) {
            byteCounts[line[i] & 0xFF]++;
        }
        if (++sampled == SAMPLE) {
            chooseBytes();
        }
    }

    /** A search of a line for one byte costs about as much as looking at this many of its hits. */
    private static final int SEARCH_COST_IN_HITS = 24;

    /**
     * Chooses each column's search byte from the first lines' byte counts: the byte of its key
     * with the fewest hits, where a byte another column is searched by costs only its hits (the
     * search is shared) and a new one also a search. Two passes, so the first columns can join
     * bytes chosen after them. Without sharing: each column's rarest byte.
     */
    private void chooseBytes() {
        int[] users = new int[256];
        for (int c = 0; c < rareAt.length; c++) {
            users[p.keys[c][rareAt[c]] & 0xFF]++;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < rareAt.length; c++) {
                byte[] key = p.keys[c];
                users[key[rareAt[c]] & 0xFF]--;
                long best = Long.MAX_VALUE;
                for (int j = 0; j < key.length; j++) {
                    int b = key[j] & 0xFF;
                    long cost = byteCounts[b] + (share && users[b] > 0 ? 0 : (long) SEARCH_COST_IN_HITS * SAMPLE);
                    if (cost < best) {
                        best = cost;
                        rareAt[c] = j;
                    }
                }
                users[key[rareAt[c]] & 0xFF]++;
            }
        }
        assignBytes();
    }

    /** The distinct search bytes of the columns, and each column's index among them. */
    private void assignBytes() {
        char[] distinct = new char[rareAt.length];
        int k = 0;
        for (int c = 0; c < rareAt.length; c++) {
            char b = (char) (p.keys[c][rareAt[c]] & 0xFF);
            int i = 0;
            while (i < k && distinct[i] != b) {
                i++;
            }
            if (i == k) {
                distinct[k++] = b;
            }
            searchedBy[c] = i;
        }
        bytes = Arrays.copyOf(distinct, k);
        int[] users = new int[k];
        for (int c = 0; c < rareAt.length; c++) {
            users[searchedBy[c]]++;
        }
        shared = new boolean[k];
        for (int i = 0; i < k; i++) {
            shared[i] = share && users[i] > 1; // without sharing, every column searches alone: the code before sharing
        }
        hits = new int[k][16];
        hitCount = new int[k];
        searched = new boolean[k];
        scannedTo = new int[k];
        beyond = new int[k];
        searchedText = null;
    }

    private String text() {
        if (text == null) {
            text = new String(line, 0, end, StandardCharsets.ISO_8859_1);
            ownText = true;
        }
        return text;
    }

    /**
     * The positions in the line of search byte k, found by searching the text once per line for
     * all the columns searched by it. A search that ran past the line's end is remembered for the
     * next line of the block.
     */
    private int[] hitsOf(int k) {
        if (!searched[k]) {
            searched[k] = true;
            String t = text();
            char b = bytes[k];
            int pos;
            if (t == searchedText && !ownText && scannedTo[k] <= off && (beyond[k] < 0 || off <= beyond[k])) {
                pos = beyond[k];
            } else {
                pos = t.indexOf(b, off);
            }
            int[] h = hits[k];
            int n = 0;
            while (pos >= 0 && pos < end) {
                if (n == h.length) {
                    h = hits[k] = Arrays.copyOf(h, n * 2);
                }
                h[n++] = pos;
                pos = t.indexOf(b, pos + 1);
            }
            hitCount[k] = n;
            if (!ownText) {
                if (searchedText != t) {
                    newSearchedText(t);
                }
                scannedTo[k] = end;
                beyond[k] = pos;
            }
        }
        return hits[k];
    }

    private void newSearchedText(String t) {
        searchedText = t;
        Arrays.fill(scannedTo, Integer.MAX_VALUE);
        Arrays.fill(searchedFrom, Integer.MAX_VALUE);
    }

    /**
     * The start of the next occurrence of column c's quoted key at or after {@code from} in the
     * line, or -1. A column sharing its search byte compares the key at each of the byte's hits
     * from {@link #cursor} on (the callers reset the cursor before their first call for a
     * column); a column searching alone searches the text from {@code from}, so the hits inside
     * the values it passed are never looked at.
     */
    private int nextKey(int c, int from) {
        int k = searchedBy[c];
        if (!shared[k]) {
            return nextKeyAlone(c, from);
        }
        int[] h = hitsOf(k);
        int n = hitCount[k];
        byte[] key = p.keys[c];
        int r = rareAt[c];
        for (int i = cursor[c]; i < n; i++) {
            int at = h[i] - r;
            if (at < from) {
                continue;
            }
            if (at + key.length > end) {
                break;
            }
            // most hits are the byte inside a longer name (InitiatingProcessFileName): its first
            // and last bytes, the quotes, rule those out before the whole key is compared
            if (line[at] == '"' && line[at + key.length - 1] == '"'
                    && Arrays.equals(line, at, at + key.length, key, 0, key.length)) {
                cursor[c] = i + 1;
                return at;
            }
        }
        cursor[c] = n;
        return -1;
    }

    /** {@link #nextKey} for a column searched alone; a search past the line's end is remembered for the next line. */
    private int nextKeyAlone(int c, int from) {
        String t = text();
        byte[] key = p.keys[c];
        int r = rareAt[c];
        char b = bytes[searchedBy[c]];
        int pos = from + r;
        while (true) {
            int hit;
            if (t == searchedText && !ownText && searchedFrom[c] <= pos && (nextRare[c] < 0 || pos <= nextRare[c])) {
                hit = nextRare[c];
            } else {
                hit = t.indexOf(b, pos);
                if (!ownText) {
                    if (searchedText != t) {
                        newSearchedText(t);
                    }
                    searchedFrom[c] = pos;
                    nextRare[c] = hit;
                }
            }
            int at = hit - r;
            if (hit < 0 || at + key.length > end) {
                return -1;
            }
            if (line[at] == '"' && line[at + key.length - 1] == '"'
                    && Arrays.equals(line, at, at + key.length, key, 0, key.length)) {
                return at;
            }
            pos = hit + 1;
        }
    }

    private int columnIndex(String column) {
        int c = 0;
        while (columns[c] != column && !columns[c].equals(column)) {
            c++;
        }
        return c;
    }

    /** Whether some member {@code column} of the line holds an integer above {@code min}; unsafe if unsure. */
    boolean anyIntegerAbove(String column, long min) {
        int c = columnIndex(column);
        cursor[c] = 0;
        int from = off;
        int at;
        while ((at = nextKey(c, from)) >= 0) {
            from = at + 1;
            int i = valueAfterKey(c, at);
            if (i < 0) {
                continue;
            }
            int from2;
            int to;
            if (line[i] == '"') {
                // a string of digits reads as its number, any other string as NULL; an escape: let the parser decide
                from2 = i + 1;
                to = from2;
                while (to < end && line[to] != '"' && line[to] != '\\') {
                    to++;
                }
                if (to >= end || line[to] == '\\') {
                    unsafe = true;
                    continue;
                }
            } else if (line[i] == 'n') {
                continue; // null
            } else {
                from2 = i;
                to = i;
                while (to < end && isNumberByte(line[to])) {
                    to++;
                }
            }
            int sign = from2 < to && line[from2] == '-' ? 1 : 0;
            int digits = to - from2 - sign;
            boolean integer = digits > 0;
            for (int k = from2 + sign; k < to && integer; k++) {
                integer = line[k] >= '0' && line[k] <= '9';
            }
            if (!integer) {
                if (line[i] != '"') {
                    unsafe = true; // 1.5e7, true, an object: let the parser decide
                }
                continue; // a string that is not an integer reads as NULL
            }
            if (digits > 18) {
                return true; // too long to compare cheaply
            }
            long v = parse(line, from2 + sign, to);
            if ((sign == 1 ? -v : v) > min) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumberByte(byte c) {
        return c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' || (c >= '0' && c <= '9');
    }

    private static long parse(byte[] b, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    int[] spans(String column) {
        int c = columnIndex(column);
        if (!found[c]) {
            found[c] = true;
            findSpans(c);
        }
        return spans[c];
    }

    /** The raw spans of the string values of column c; marks the line unsafe when a value may hide a needle. */
    private void findSpans(int c) {
        int[] s = spans[c];
        s[0] = 1;
        cursor[c] = 0;
        int from = off;
        int at;
        while ((at = nextKey(c, from)) >= 0) {
            from = at + 1;
            int i = valueAfterKey(c, at);
            if (i < 0) {
                continue;
            }
            if (line[i] == 'n') {
                continue; // null: no value holds a needle
            }
            if (line[i] != '"') {
                unsafe = true; // an object's text or a number: parse
                continue;
            }
            int close = stringEnd(i + 1);
            if (close < 0) {
                unsafe = true;
                return;
            }
            if (s[0] + 2 > s.length) {
                s = spans[c] = Arrays.copyOf(s, s.length * 2);
            }
            s[s[0]] = i + 1;
            s[s[0] + 1] = close;
            s[0] += 2;
            from = close;
        }
    }

    /**
     * The index of the value that follows column c's quoted key at {@code at}, or -1 when the
     * text there is not the key and a colon; marks the line unsafe when it cannot tell.
     */
    private int valueAfterKey(int c, int at) {
        if (at > off && line[at - 1] == '\\') {
            unsafe = true; // an escaped quote: inside a string, or not; parse to know
            return -1;
        }
        int i = skipBlanks(at + p.keys[c].length);
        if (i >= end || line[i] != ':') {
            return -1; // a string value that reads like the key, not the key
        }
        i = skipBlanks(i + 1);
        if (i >= end) {
            unsafe = true;
            return -1;
        }
        return i;
    }

    private int skipBlanks(int i) {
        while (i < end && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) {
            i++;
        }
        return i;
    }

    /**
     * The index of the quote closing the string whose first byte is at {@code i}, or -1 if it
     * does not close; marks the line unsafe on an escape or non-ASCII character that could
     * stand for a needle's character. Every search is String.indexOf on the Latin-1 text,
     * which the JIT vectorises; a quote or escape counts only after an even run of backslashes.
     */
    private int stringEnd(int i) {
        String t = text();
        int close = i;
        while (true) {
            int q = t.indexOf('"', close);
            if (q < 0 || q >= end) {
                return -1;
            }
            close = q;
            if (!escaped(close)) {
                break;
            }
            close++;
        }
        if (mayHideNeedle(line, i, close)) {
            unsafe = true;
        }
        return close;
    }

    /** Whether the byte at {@code at} follows an odd run of backslashes (is escaped). */
    private boolean escaped(int at) {
        int k = at - 1;
        while (k >= off && line[k] == '\\') {
            k--;
        }
        return ((at - 1 - k) & 1) == 1;
    }

    private static final long HIGH = 0x8080808080808080L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    /**
     * Whether the raw string bytes {@code b[from, to)} hold an escape or a non-ASCII character that
     * could stand for a needle's character: backslash-u of an ASCII character or of İ ı ſ K,
     * backslash-slash, or İ ı ſ K themselves. Eight bytes at a
     * time; only backslashes and non-ASCII bytes are looked at one by one.
     */
    static boolean mayHideNeedle(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (i + 8 <= to) {
                long w = RawBytes.getLong(b, i);
                long x = w ^ BACKSLASHES;
                long flags = ~(((x & LOW7) + LOW7) | x | LOW7) | (w & HIGH); // backslashes and high bytes, exactly
                if (flags == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(flags) >>> 3;
            }
            int c = b[i] & 0xFF;
            if (c == '\\') {
                if (i + 1 < to && b[i + 1] == '/') {
                    return true;
                }
                if (i + 1 < to && b[i + 1] == 'u') {
                    // \u00ae (the ® of most ProductNames) stands for no needle's character
                    if (unicodeEscapeMayHideNeedle(b, i + 2, to)) {
                        return true;
                    }
                    i += 6;
                    continue;
                }
                i += 2; // an escape: its second byte is never the start of another
            } else if (c >= 0x80 && foldsToAscii(b, i, to)) {
                return true;
            } else {
                i++;
            }
        }
        return false;
    }

    /**
     * Whether the four hex digits of a backslash-u escape at {@code b[from, from+4)} may stand for
     * a needle's character: an ASCII one, or one of the four that fold to ASCII. Anything else
     * (®, é, Ж, a surrogate) is in no occurrence of an ASCII needle; malformed: let the parser decide.
     */
    static boolean unicodeEscapeMayHideNeedle(byte[] b, int from, int to) {
        if (from + 4 > to) {
            return true;
        }
        int cp = 0;
        for (int k = from; k < from + 4; k++) {
            int d = Character.digit(b[k], 16);
            if (d < 0) {
                return true;
            }
            cp = cp * 16 + d;
        }
        return cp < 0x80 || cp == 0x130 || cp == 0x131 || cp == 0x17F || cp == 0x212A;
    }

    /** U+0130 İ, U+0131 ı, U+017F ſ or U+212A Kelvin sign at {@code i}: they fold to i, i, s, k. */
    static boolean foldsToAscii(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if ((c == 0xC4 || c == 0xC5) && i + 1 < end) {
            int d = b[i + 1] & 0xFF;
            return (c == 0xC4 && (d == 0xB0 || d == 0xB1)) || (c == 0xC5 && d == 0xBF);
        }
        return c == 0xE2 && i + 2 < end && (b[i + 1] & 0xFF) == 0x84 && (b[i + 2] & 0xFF) == 0xAA;
    }

    /** First and last non-blank bytes are braces: anything else is parsed, to be rejected with its reason. */
    static boolean looksLikeObject(byte[] b, int off, int len) {
        int i = off;
        int j = off + len - 1;
        while (i <= j && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        while (j >= i && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r')) {
            j--;
        }
        return j > i && b[i] == '{' && b[j] == '}';
    }
}
