package io.cloudexfil.hunt.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * KQL's {@code has} / {@code has_any} and {@code in~} written for another engine: a regular
 * expression in the syntax RE2 (DuckDB's regex engine) and {@code java.util.regex} share, and
 * case-folded values for an equality test. Built from a detection's lists, never typed by hand.
 * Used by the backfill benchmark's DuckDB query; independent of the product's matcher code.
 *
 * <p>Rule R1 of udfs/SEMANTICS.md §3, as a search (not a full match) for:
 * <ul>
 *   <li>{@code (?:^|[^\p{L}\p{Nd}])} before the needle only if its first character is a term
 *       character, {@code (?:[^\p{L}\p{Nd}]|$)} after it only if its last character is one. A term
 *       character is a letter or a decimal digit ({@code Character.isLetterOrDigit}: L* or Nd, §1);
 *       {@code \p{N}} would also count {@code ²} or {@code Ⅻ}, which R1 does not.
 *   <li>Every other character literally (ASCII punctuation escaped); a character with case
 *       variants as the class of every code point that equals it case-insensitively under §2:
 *       {@code a == b || up(a) == up(b) || low(up(a)) == low(up(b))} per code point. So
 *       {@code i} is {@code [iIİı]}, {@code s} is {@code [sSſ]}, {@code k} is {@code [kKK]}: an
 *       engine's own case-insensitive flag folds differently (RE2 leaves {@code İ} and {@code ı}
 *       alone) and is not used.
 * </ul>
 * An empty needle matches everything (EMP-K); an empty list matches nothing.
 *
 * <p>{@link #hasAnyCandidates} is the same alternation without the boundaries: found in every text
 * the exact pattern is found in (and in some more). RE2 runs the exact pattern slowly, because the
 * Unicode classes of the boundaries do not fit its DFA (measured: ~200 s over 1.2M command lines,
 * against 0.4 s without them), so an engine should test the candidates pattern first and the
 * exact one only where it matched; the answer is the exact pattern's.
 */
public final class KqlRegex {

    /** Not a term character: neither a letter nor a decimal digit. */
    static final String SEPARATOR = "[^\\p{L}\\p{Nd}]";
    static final String BEFORE = "(?:^|" + SEPARATOR + ")";
    static final String AFTER = "(?:" + SEPARATOR + "|$)";
    /** Matches no string at all (an empty has_any list). */
    static final String NOTHING = "[^\\x00-\\x{10FFFF}]";

    private static Map<Integer, int[]> classes;

    private KqlRegex() {}

    /** A term character (udfs/SEMANTICS.md §1). */
    public static boolean isTerm(int cp) {
        return Character.isLetterOrDigit(cp);
    }

    /** Case-insensitive equality of two code points (udfs/SEMANTICS.md §2). */
    public static boolean equalsIgnoreCase(int a, int b) {
        if (a == b) {
            return true;
        }
        int ua = Character.toUpperCase(a);
        int ub = Character.toUpperCase(b);
        return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
    }

    /** The canonical case fold of every code point ({@code low(up(c))}): for {@code in~} as equality. */
    public static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return b.toString();
    }

    public static List<String> foldAll(Collection<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.add(fold(v));
        }
        return out;
    }

    /** A pattern found in a text iff {@code text has needle}. */
    public static String has(String needle) {
        if (needle.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        if (isTerm(needle.codePointAt(0))) {
            b.append(BEFORE);
        }
        needle.codePoints().forEach(cp -> appendFolded(b, cp));
        if (isTerm(needle.codePointBefore(needle.length()))) {
            b.append(AFTER);
        }
        return b.toString();
    }

    /** A pattern found in a text iff {@code text has_any (needles)}: the alternation of {@link #has}. */
    public static String hasAny(Collection<String> needles) {
        Set<String> parts = new LinkedHashSet<>();
        for (String n : needles) {
            String p = has(n == null ? "" : n);
            if (p.isEmpty()) {
                return ""; // has "" is true for every text
            }
            parts.add(p);
        }
        if (parts.isEmpty()) {
            return NOTHING;
        }
        return String.join("|", parts.stream().map(p -> "(?:" + p + ")").toList());
    }

    /**
     * A pattern found in every text where {@link #hasAny} is found: the needles' case classes
     * without boundaries (a prefilter; never the answer on its own).
     */
    public static String hasAnyCandidates(Collection<String> needles) {
        Set<String> parts = new LinkedHashSet<>();
        for (String n : needles) {
            String needle = n == null ? "" : n;
            if (needle.isEmpty()) {
                return "";
            }
            StringBuilder b = new StringBuilder();
            needle.codePoints().forEach(cp -> appendFolded(b, cp));
            parts.add(b.toString());
        }
        if (parts.isEmpty()) {
            return NOTHING;
        }
        return String.join("|", parts);
    }

    private static void appendFolded(StringBuilder b, int cp) {
        int[] members = caseClass(cp);
        if (members.length == 1) {
            appendLiteral(b, cp);
            return;
        }
        b.append('[');
        for (int m : members) {
            appendLiteral(b, m);
        }
        b.append(']');
    }

    /** ASCII punctuation is escaped (both engines read a backslash before it as the character itself). */
    private static void appendLiteral(StringBuilder b, int cp) {
        if (cp < 0x80 && !Character.isLetterOrDigit(cp) && cp > 0x20 && cp != 0x7F) {
            b.append('\\').append((char) cp);
        } else if (cp < 0x20 || cp == 0x7F) {
            b.append(String.format("\\x%02x", cp));
        } else {
            b.appendCodePoint(cp);
        }
    }

    /** Every code point equal to {@code cp} under {@link #equalsIgnoreCase}, ascending. */
    static synchronized int[] caseClass(int cp) {
        if (classes == null) {
            classes = new HashMap<>();
        }
        int[] c = classes.get(cp);
        if (c == null) {
            TreeSet<Integer> members = new TreeSet<>();
            for (int x = 0; x <= Character.MAX_CODE_POINT; x++) {
                if (equalsIgnoreCase(x, cp)) {
                    members.add(x);
                }
            }
            c = members.stream().mapToInt(Integer::intValue).toArray();
            classes.put(cp, c);
        }
        return c;
    }
}
