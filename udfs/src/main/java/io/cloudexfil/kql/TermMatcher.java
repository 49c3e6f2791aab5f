package io.cloudexfil.kql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled set of needles for the {@code has} family and {@code contains}: answers "does any
 * needle occur in the text under rule R1/R2/R3" (udfs/SEMANTICS.md §3, §4) in one scan of the
 * text, allocating nothing.
 *
 * <p>How: each needle contributes one slice of {@code window} chars (the shortest needle length);
 * every occurrence of the needle contains its slice, and every {@code window}-long stretch of text
 * contains a position of the fixed-stride grid checked here. At each grid position the trigram of
 * <em>filter symbols</em> (the ASCII fold of each UTF-16 unit, or one shared symbol for everything
 * that does not fold to ASCII) is looked up in a bit set of the slices' trigrams; a hit is verified
 * with the exact per-code-point rule. Equal folds always give equal symbols, so the filter never
 * rejects a true occurrence; the verification never accepts a false one. For ASCII text the
 * symbols are the folded characters themselves. The grid checks are independent of each other,
 * unlike a shift-table scan, so the CPU overlaps them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TermMatcher {

    /** Which needle edges demand a term boundary. */
    public enum Mode {
        /** {@code has}: both edges (R1). */
        TERM(true, true),
        /** {@code hasprefix}: the start edge only (R2). */
        PREFIX(true, false),
        /** {@code hassuffix}: the end edge only (R3). */
        SUFFIX(false, true),
        /** {@code contains}: plain substring. */
        SUBSTRING(false, false);

        final boolean checkStart;
        final boolean checkEnd;

        Mode(boolean checkStart, boolean checkEnd) {
            this.checkStart = checkStart;
            this.checkEnd = checkEnd;
        }
    }

    private static final int MAX_WINDOW = 64;

    private final Mode mode;
    private final boolean caseSensitive;
    private final boolean matchesEverything;
    /** Folded needles (raw when case-sensitive). */
    private final String[] needles;
    /** Per needle: the start edge needs a boundary (mode asks for it and the edge is a term char). */
    private final boolean[] boundaryBefore;
    private final boolean[] boundaryAfter;

    /**
     * Scan strategy by window length (the shortest needle, capped): 1 = per-position first-symbol
     * test, 2 = per-position bigram test, 3+ = strided trigram filter.
     */
    private final int window;
    /** Distance between checked positions: every window-long slice of text holds one of them. */
    private final int stride;
    /** Presence bits per n-gram key, one long per 64 keys. */
    private final long[] present;
    /** n-gram key -> index into {@link #buckets}, 0 = none. */
    private final char[] bucketOf;
    /** Per bucket: packed (needle index << 16 | index in the needle of the n-gram's last char). */
    private final int[][] buckets;

    private static final int TRIGRAM_BITS = 13;
    private static final int TRIGRAM_MASK = (1 << TRIGRAM_BITS) - 1;

    private TermMatcher(Collection<String> rawNeedles, Mode mode, boolean caseSensitive) {
        this.mode = mode;
        this.caseSensitive = caseSensitive;
        Set<String> distinct = new LinkedHashSet<>();
        boolean empty = false;
        for (String raw : rawNeedles) {
            String n = raw == null ? "" : raw; // MAP: NULL behaves as ""
            if (n.isEmpty()) {
                empty = true;
            } else {
                distinct.add(n);
            }
        }
        this.matchesEverything = empty; // an empty needle matches every text (EMP-K)
        List<String> folded = new ArrayList<>();
        List<Boolean> before = new ArrayList<>();
        List<Boolean> after = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : distinct) {
            String f = caseSensitive ? raw : KqlChars.foldString(raw);
            boolean b = mode.checkStart && KqlChars.isTerm(raw.codePointAt(0));
            boolean a = mode.checkEnd && KqlChars.isTerm(raw.codePointBefore(raw.length()));
            if (seen.add(f + (b ? "\u0001" : "\u0000") + (a ? "\u0001" : "\u0000"))) {
                folded.add(f);
                before.add(b);
                after.add(a);
            }
        }
        this.needles = folded.toArray(new String[0]);
        if (needles.length > 0xFFFF) {
            throw new IllegalArgumentException("at most 65535 distinct needles, got " + needles.length);
        }
        this.boundaryBefore = new boolean[needles.length];
        this.boundaryAfter = new boolean[needles.length];
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < needles.length; i++) {
            boundaryBefore[i] = before.get(i);
            boundaryAfter[i] = after.get(i);
            min = Math.min(min, needles[i].length());
        }
        if (needles.length == 0) {
            window = 0;
            stride = 1;
            present = new long[0];
            bucketOf = new char[0];
            buckets = new int[0][];
            return;
        }
        window = Math.min(min, MAX_WINDOW);
        int gram = Math.min(window, 3);
        // Every occurrence of needle i contains its chosen slice [o, o + window); the slice holds
        // window - gram + 1 n-grams, so checking every (window - gram + 1)-th text position sees one.
        stride = window - gram + 1;
        int keys = gram == 1 ? 128 : gram == 2 ? 128 * 128 : 1 << TRIGRAM_BITS;
        present = new long[(keys + 63) >>> 6];
        bucketOf = new char[keys];
        List<List<Integer>> lists = new ArrayList<>();
        lists.add(null); // index 0 = no bucket
        for (int i = 0; i < needles.length; i++) {
            String n = needles[i];
            int o = rarestWindow(n, window, gram);
            for (int last = o + gram - 1; last < o + window; last++) {
                int key = gramKey(n, last, gram);
                if (bucketOf[key] == 0) {
                    if (lists.size() > Character.MAX_VALUE) {
                        throw new IllegalArgumentException("too many needle buckets");
                    }
                    bucketOf[key] = (char) lists.size();
                    lists.add(new ArrayList<>());
                    present[key >>> 6] |= 1L << key;
                }
                lists.get(bucketOf[key]).add((i << 16) | last);
            }
        }
        buckets = new int[lists.size()][];
        for (int b = 1; b < lists.size(); b++) {
            buckets[b] = lists.get(b).stream().mapToInt(Integer::intValue).distinct().toArray();
        }
    }

    /** Key of the n-gram of folded needle chars ending at {@code last}. */
    private static int gramKey(String foldedNeedle, int last, int gram) {
        if (gram == 1) {
            return sym(foldedNeedle.charAt(last));
        }
        if (gram == 2) {
            return bigram(sym(foldedNeedle.charAt(last - 1)), sym(foldedNeedle.charAt(last)));
        }
        return trigram(sym(foldedNeedle.charAt(last - 2)), sym(foldedNeedle.charAt(last - 1)),
                sym(foldedNeedle.charAt(last)));
    }

    private static int trigram(int a, int b, int c) {
        return (a * 1031 + b * 37 + c) & TRIGRAM_MASK;
    }

    /**
     * The offset of the needle slice whose n-grams look rarest in command lines and URLs, so that
     * filter hits are rare. A heuristic only: any choice is correct.
     */
    private static int rarestWindow(String n, int window, int gram) {
        int best = 0;
        double bestScore = Double.MAX_VALUE;
        for (int o = 0; o + window <= n.length() && o + window <= 0xFFFF; o++) {
            double score = 0;
            for (int last = o + gram - 1; last < o + window; last++) {
                double g = 1;
                for (int k = last - gram + 1; k <= last; k++) {
                    g *= commonness(n.charAt(k));
                }
                score += g;
            }
            if (score < bestScore) {
                bestScore = score;
                best = o;
            }
        }
        return best;
    }

    private static double commonness(char c) {
        if (c >= 'a' && c <= 'z') {
            return "etaoinsrlcdpmuhgfbwyvkxzqj".indexOf(c) < 10 ? 8 : 3;
        }
        if (c >= '0' && c <= '9') {
            return 2;
        }
        switch (c) {
            case ' ': case '\\': case '.': case '-': case '/': case '"':
                return 6;
            default:
                return 1;
        }
    }

    /**
     * Filter symbol: the char's {@link KqlChars#symbol} with bit 0x20 set. Setting the bit maps an
     * ASCII letter and its other case to one symbol without a table load, and merges a few
     * punctuation pairs too, which only makes the filter looser, never wrong.
     */
    private static int sym(char c, boolean caseSensitive) {
        return (c < 128 ? c : KqlChars.symbol(c, caseSensitive)) | 0x20;
    }

    /** Symbols of already folded needle chars: folding is idempotent, so case-sensitive lookup. */
    private static int sym(char foldedChar) {
        return sym(foldedChar, true);
    }

    private static int bigram(int a, int b) {
        return (a << 7) | b;
    }

    /** Compiles a needle set. NULL needles behave as empty strings. */
    public static TermMatcher of(Collection<String> needles, Mode mode, boolean caseSensitive) {
        return new TermMatcher(needles, mode, caseSensitive);
    }

    /** Compiles a single needle. */
    public static TermMatcher of(String needle, Mode mode, boolean caseSensitive) {
        return new TermMatcher(java.util.Collections.singletonList(needle), mode, caseSensitive);
    }

    /** Number of distinct non-empty needles after folding. */
    public int size() {
        return needles.length;
    }

    public boolean matchesEverything() {
        return matchesEverything;
    }

    /** True iff at least one needle occurs in {@code text} under this matcher's rule. */
    public boolean matchesAny(String text) {
        if (matchesEverything) {
            return true;
        }
        if (text == null || needles.length == 0) {
            return false; // NULL text behaves as "", which only the empty needle matches
        }
        final int n = text.length();
        if (n < window) {
            return false;
        }
        // Grid checks do not depend on each other (fixed stride), so the CPU overlaps them.
        return window >= 3 ? scanTrigrams(text, n) : scanShort(text, n);
    }

    private boolean scanTrigrams(String text, int n) {
        final long[] bits = present;
        final int step = stride;
        for (int p = 2; p < n; p += step) {
            char x = text.charAt(p - 2);
            char y = text.charAt(p - 1);
            char z = text.charAt(p);
            int key = (x | y | z) < 128
                    ? trigram(x | 0x20, y | 0x20, z | 0x20)
                    : trigram(sym(x, caseSensitive), sym(y, caseSensitive), sym(z, caseSensitive));
            if ((bits[key >>> 6] & (1L << key)) != 0 && candidates(text, key, p)) {
                return true;
            }
        }
        return false;
    }

    /** Windows of 1 or 2 chars: every position is checked. */
    private boolean scanShort(String text, int n) {
        for (int p = window - 1; p < n; p++) {
            int key = sym(text.charAt(p), caseSensitive);
            if (window == 2) {
                key = bigram(sym(text.charAt(p - 1), caseSensitive), key);
            }
            if ((present[key >>> 6] & (1L << key)) != 0 && candidates(text, key, p)) {
                return true;
            }
        }
        return false;
    }

    /** Verifies every (needle, offset) whose n-gram ends at text position {@code p}. */
    private boolean candidates(String text, int key, int p) {
        for (int packed : buckets[bucketOf[key]]) {
            int start = p - (packed & 0xFFFF);
            if (start >= 0 && verify(text, start, packed >>> 16)) {
                return true;
            }
        }
        return false;
    }

    private boolean verify(String text, int start, int needleIndex) {
        String needle = needles[needleIndex];
        int end = start + needle.length();
        if (end > text.length()) {
            return false;
        }
        if (!KqlChars.regionEquals(text, start, needle, caseSensitive)) {
            return false;
        }
        if (KqlChars.splitsPair(text, start) || KqlChars.splitsPair(text, end)) {
            return false; // an occurrence must start and end on code point boundaries
        }
        if (boundaryBefore[needleIndex] && start > 0 && KqlChars.isTermBefore(text, start)) {
            return false;
        }
        return !(boundaryAfter[needleIndex] && end < text.length() && KqlChars.isTermAt(text, end));
    }

    @Override
    public String toString() {
        return "TermMatcher{" + mode + (caseSensitive ? ", cs" : "") + ", " + Arrays.toString(needles) + "}";
    }
}
