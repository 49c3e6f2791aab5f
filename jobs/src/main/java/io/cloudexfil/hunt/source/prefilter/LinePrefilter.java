package io.cloudexfil.hunt.source.prefilter;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A necessary condition on a raw line for any of its rows to pass a table's filter: lines that
 * fail it are passed over without being parsed. Built by {@link PrefilterCompiler} from the
 * predicates the planner pushes into the scan; the exact predicates stay in the plan, so a line
 * let through too easily costs time, never correctness.
 *
 * <p>Each condition is "a value of column C holds one of these needles" (or "a value of column
 * C is an integer above N"), combined with AND and OR. This class is the algebra of those
 * conditions: it simplifies them as they are built and derives from each a cheaper necessary
 * condition ({@link #necessary}). Evaluating them on a line's bytes is {@link LineMatcher}'s.
 */
public final class LinePrefilter implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A condition over a line, evaluated with the value spans its {@link LineMatcher} found. */
    public interface Node extends Serializable {
        boolean test(LineMatcher m);

        /** A rough cost, to test cheap conjuncts first. */
        default double cost() {
            return 1;
        }
    }

    /** A value of {@code column} holds one of the scan's needles. */
    record Scan(String column, NeedleScan scan) implements Node {
        Scan {
            column = column.intern(); // the matcher finds a column's index by identity
        }

        public boolean test(LineMatcher m) {
            int[] spans = m.spans(column);
            for (int i = 1; i < spans[0]; i += 2) {
                if (scan.foundIn(m.line, spans[i], spans[i + 1] - spans[i])) {
                    return true;
                }
            }
            return false;
        }

        public double cost() {
            return scan.cost();
        }

        @Override
        public String toString() {
            return column + " any" + scan.needles();
        }
    }

    record And(List<Node> parts) implements Node {
        public boolean test(LineMatcher m) {
            for (Node n : parts) {
                if (!n.test(m)) {
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
        public boolean test(LineMatcher m) {
            for (Node n : parts) {
                if (n.test(m)) {
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

    /**
     * A value of {@code column} is an integer above {@code min} (a JSON integer or a string of
     * digits, as RowParser reads a BIGINT); any other value reads as NULL, for which the
     * comparison is not true.
     */
    public record Above(String column, long min) implements Node {
        public Above {
            column = column.intern();
        }

        public boolean test(LineMatcher m) {
            return m.anyIntegerAbove(column, min);
        }

        public double cost() {
            return 0.2;
        }

        @Override
        public String toString() {
            return column + " > " + min;
        }
    }

    /** No line can pass (e.g. has_any with an empty list). */
    record Never() implements Node {
        public boolean test(LineMatcher m) {
            return false;
        }

        public double cost() {
            return 0;
        }
    }

    final Node root;
    /**
     * One scan per column for needles one of which any line meeting {@code root} holds (the
     * union over OR, the cheapest part of an AND): most lines fail it, in fewer passes than the
     * root takes. Null when it would be the root itself.
     */
    final Node quick;
    /** The columns the conditions read, and each one's quoted key. */
    final String[] columns;
    final byte[][] keys;

    private LinePrefilter(Node root, List<String> columns) {
        this.root = root;
        this.columns = columns.toArray(new String[0]);
        Node q = necessary(root);
        // the same conditions as the root (an OR of scans of different columns): nothing to gain
        this.quick = q == null || q.toString().equals(root.toString()) ? null : q;
        this.keys = new byte[this.columns.length][];
        for (int i = 0; i < this.columns.length; i++) {
            keys[i] = ("\"" + this.columns[i] + "\"").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The prefilter of a condition, or null when the condition is "always" (or reads a column it cannot find). */
    public static LinePrefilter of(Node condition) {
        if (condition == null) {
            return null;
        }
        Set<String> columns = new LinkedHashSet<>();
        collectColumns(condition, columns);
        for (String c : columns) {
            if (c.isEmpty() || !c.chars().allMatch(ch -> ch > 0x20 && ch < 0x7F && ch != '"' && ch != '\\')) {
                return null;
            }
        }
        return new LinePrefilter(condition, new ArrayList<>(columns));
    }

    /** A condition every line meeting {@code n} meets, made of scans only; null if there is none. */
    static Node necessary(Node n) {
        if (n instanceof Scan) {
            return n;
        }
        if (n instanceof Or o) {
            List<Node> parts = new ArrayList<>();
            for (Node p : o.parts()) {
                Node q = necessary(p);
                if (q == null) {
                    return null;
                }
                parts.add(q);
            }
            return or(parts); // scans of one column merge into one
        }
        if (n instanceof And a) {
            for (Node p : a.parts()) { // cheapest first
                Node q = necessary(p);
                if (q != null) {
                    return q;
                }
            }
        }
        return null;
    }

    private static void collectColumns(Node n, Set<String> out) {
        if (n instanceof Scan s) {
            out.add(s.column());
        } else if (n instanceof Above a) {
            out.add(a.column());
        } else if (n instanceof And a) {
            a.parts().forEach(p -> collectColumns(p, out));
        } else if (n instanceof Or o) {
            o.parts().forEach(p -> collectColumns(p, out));
        }
    }

    /** Null means "always true". */
    public static Node and(List<Node> parts) {
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

    /** Null means "always true"; scans of one column under one OR become one scan of all their needles. */
    public static Node or(List<Node> parts) {
        List<Node> kept = new ArrayList<>();
        Map<String, Set<String>> needlesByColumn = new LinkedHashMap<>();
        for (Node n : parts) {
            if (n == null) {
                return null;
            }
            for (Node p : n instanceof Or o ? o.parts() : List.of(n)) {
                if (p instanceof Scan s) {
                    needlesByColumn.computeIfAbsent(s.column(), c -> new LinkedHashSet<>()).addAll(s.scan().needles());
                } else if (!(p instanceof Never)) {
                    kept.add(p);
                }
            }
        }
        List<Node> scans = new ArrayList<>();
        needlesByColumn.forEach((column, needles) -> scans.add(new Scan(column, NeedleScan.of(needles))));
        kept.addAll(0, scans);
        if (kept.isEmpty()) {
            return new Never();
        }
        return kept.size() == 1 ? kept.get(0) : new Or(List.copyOf(kept));
    }

    /** A value of {@code column} holds one of these needles; null ("always") if one cannot be scanned for. */
    public static Node anyOf(String column, Set<String> needles) {
        if (needles.isEmpty()) {
            return new Never();
        }
        NeedleScan scan = NeedleScan.of(needles);
        return scan == null ? null : new Scan(column, scan);
    }

    /** The per-reader state of a prefilter (not thread-safe). */
    public LineMatcher matcher() {
        return new LineMatcher(this, true);
    }

    /**
     * A matcher whose columns share searches of the line for their keys' bytes where that is
     * cheaper ({@code true}, as {@link #matcher()}), or each column searched by its own rarest
     * byte: the baseline benchmarks compare with.
     */
    public LineMatcher matcher(boolean shareSearches) {
        return new LineMatcher(this, shareSearches);
    }

    /** How many columns the conditions read. */
    public int columnCount() {
        return columns.length;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
