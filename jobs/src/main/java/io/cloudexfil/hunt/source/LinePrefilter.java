package io.cloudexfil.hunt.source;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A necessary condition on a raw line for any of its rows to pass a table's filter: lines that
 * fail it are passed over without being parsed. Built by {@link PrefilterCompiler} from the
 * predicates the planner pushes into the scan; the exact predicates stay in the plan, so a line
 * let through too easily costs time, never correctness.
 *
 * <p>Why a raw-byte test is sound (kql-semantics.md §2–§5, telemetry.md §3): every KQL string
 * operator used here is true only if the value contains the needle as a case-folded substring;
 * a JSON value is written in its line byte for byte except for escapes and non-ASCII characters.
 * So a line is never passed over when it
 * <ul>
 *   <li>holds an escape that can stand for a needle's character (backslash-u or backslash-slash;
 *       {@code \\ \" \n \t \r \b \f} stand for characters no needle has),
 *   <li>holds one of the four non-ASCII characters that fold to ASCII letters
 *       (U+0130 İ, U+0131 ı, U+017F ſ, U+212A Kelvin sign),
 *   <li>does not look like one JSON object (so a damaged line is still parsed, and rejected).
 * </ul>
 */
final class LinePrefilter implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** A condition over a line's bytes. */
    interface Node extends Serializable {
        boolean test(byte[] b, int off, int len);

        /** A rough cost per byte, to test cheap conjuncts first. */
        default double cost() {
            return 1;
        }
    }

    record Scan(NeedleScan scan) implements Node {
        public boolean test(byte[] b, int off, int len) {
            return scan.foundIn(b, off, len);
        }

        public double cost() {
            return scan.cost();
        }

        @Override
        public String toString() {
            return "any" + scan.needles();
        }
    }

    record And(List<Node> parts) implements Node {
        public boolean test(byte[] b, int off, int len) {
            for (Node n : parts) {
                if (!n.test(b, off, len)) {
                    return false;
                }
            }
            return true;
        }

        public double cost() {
            return parts.stream().mapToDouble(Node::cost).sum();
        }

        @Override
        public String toString() {
            return "and" + parts;
        }
    }

    record Or(List<Node> parts) implements Node {
        public boolean test(byte[] b, int off, int len) {
            for (Node n : parts) {
                if (n.test(b, off, len)) {
                    return true;
                }
            }
            return false;
        }

        public double cost() {
            return parts.stream().mapToDouble(Node::cost).sum();
        }

        @Override
        public String toString() {
            return "or" + parts;
        }
    }

    /** No line can pass (e.g. has_any with an empty list). */
    record Never() implements Node {
        public boolean test(byte[] b, int off, int len) {
            return false;
        }

        public double cost() {
            return 0;
        }
    }

    private final Node root;
    /**
     * One scan for the needles some of which any line meeting {@code root} holds (the union over
     * OR, the cheapest part of an AND): most lines fail it and are decided in one pass. Null when
     * the root is that scan already.
     */
    private final NeedleScan first;

    private LinePrefilter(Node root) {
        this.root = root;
        Set<String> necessary = root instanceof Scan ? null : necessaryNeedles(root);
        this.first = necessary == null || necessary.isEmpty() ? null : NeedleScan.of(necessary);
    }

    /** Needles one of which a line meeting {@code n} holds; null if there is no such set. */
    static Set<String> necessaryNeedles(Node n) {
        if (n instanceof Scan s) {
            return new LinkedHashSet<>(s.scan().needles());
        }
        if (n instanceof Or o) {
            Set<String> all = new LinkedHashSet<>();
            for (Node p : o.parts()) {
                Set<String> part = necessaryNeedles(p);
                if (part == null) {
                    return null;
                }
                all.addAll(part);
            }
            return all;
        }
        if (n instanceof And a) {
            for (Node p : a.parts()) { // cheapest first
                Set<String> part = necessaryNeedles(p);
                if (part != null) {
                    return part;
                }
            }
        }
        return null;
    }

    /** The prefilter of a condition, or null when the condition is "always" (nothing to gain). */
    static LinePrefilter of(Node condition) {
        return condition == null ? null : new LinePrefilter(condition);
    }

    /** Null means "always true". */
    static Node and(List<Node> parts) {
        List<Node> kept = new ArrayList<>();
        for (Node n : parts) {
            if (n instanceof Never) {
                return n;
            }
            if (n instanceof And a) {
                kept.addAll(a.parts());
            } else if (n != null) {
                kept.add(n);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        kept.sort(Comparator.comparingDouble(Node::cost));
        return kept.size() == 1 ? kept.get(0) : new And(List.copyOf(kept));
    }

    /** Null means "always true"; scans under one OR become one scan of all their needles. */
    static Node or(List<Node> parts) {
        List<Node> kept = new ArrayList<>();
        Set<String> needles = new LinkedHashSet<>();
        for (Node n : parts) {
            if (n == null) {
                return null;
            }
            if (n instanceof Or o) {
                for (Node p : o.parts()) {
                    collect(p, kept, needles);
                }
            } else {
                collect(n, kept, needles);
            }
        }
        if (!needles.isEmpty()) {
            kept.add(0, new Scan(NeedleScan.of(needles)));
        }
        if (kept.isEmpty()) {
            return new Never();
        }
        return kept.size() == 1 ? kept.get(0) : new Or(List.copyOf(kept));
    }

    private static void collect(Node n, List<Node> kept, Set<String> needles) {
        if (n instanceof Scan s) {
            needles.addAll(s.scan().needles());
        } else if (!(n instanceof Never)) {
            kept.add(n);
        }
    }

    /** Any of these needles; null ("always") if one of them cannot be scanned for. */
    static Node anyOf(Set<String> needles) {
        if (needles.isEmpty()) {
            return new Never();
        }
        NeedleScan scan = NeedleScan.of(needles);
        return scan == null ? null : new Scan(scan);
    }

    /** True when the line can be passed over: no row of it can pass the filter. */
    boolean passesOver(byte[] b, int off, int len) {
        return looksLikeObject(b, off, len)
                && ((first != null && !first.foundIn(b, off, len)) || !root.test(b, off, len))
                && !mayHideNeedle(b, off, len);
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

    private static final long HIGH = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    /**
     * Whether the line holds an escape or a non-ASCII character that a value could decode or fold
     * into a needle's ASCII character. Eight bytes at a time: most words hold neither a backslash
     * nor a byte above 0x7F.
     */
    static boolean mayHideNeedle(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i + 8 <= end) {
            long w = (long) LONG.get(b, i);
            long x = w ^ BACKSLASHES;
            // (x - ONES) & ~x & HIGH flags the zero bytes of x (backslashes of w); its lowest flag is exact
            long flags = ((x - ONES) & ~x & HIGH) | (w & HIGH);
            if (flags == 0) {
                i += 8;
                continue;
            }
            int r = inspect(b, i + (Long.numberOfTrailingZeros(flags) >>> 3), end);
            if (r < 0) {
                return true;
            }
            i = r;
        }
        while (i < end) {
            int r = inspect(b, i, end);
            if (r < 0) {
                return true;
            }
            i = r;
        }
        return false;
    }

    /** The index after the byte (or escape) at {@code i}, or -1 if it may hide a needle's character. */
    private static int inspect(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c == '\\') {
            if (i + 1 >= end) {
                return i + 1;
            }
            int e = b[i + 1];
            return e == 'u' || e == '/' ? -1 : i + 2;
        }
        if (c < 0x80) {
            return i + 1;
        }
        if ((c == 0xC4 || c == 0xC5) && i + 1 < end) {
            int d = b[i + 1] & 0xFF;
            if ((c == 0xC4 && (d == 0xB0 || d == 0xB1)) || (c == 0xC5 && d == 0xBF)) {
                return -1; // İ ı ſ
            }
        } else if (c == 0xE2 && i + 2 < end && (b[i + 1] & 0xFF) == 0x84 && (b[i + 2] & 0xFF) == 0xAA) {
            return -1; // Kelvin sign
        }
        return i + 1;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
