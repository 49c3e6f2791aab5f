package io.cloudexfil.kql;

/**
 * SQL {@code has(text STRING, needle STRING) -> BOOLEAN NOT NULL}: KQL {@code text has needle}.
 *
 * <p>R1 (udfs/SEMANTICS.md §3): the needle occurs, case-folded, with a term boundary at each needle edge that is a term character. NULL text or needle reads as ""; the empty needle matches every text, NULL included.
 * Negation ({@code !has}) is {@code NOT has(...)}.
 */
public class Has extends SingleNeedleFunction {

    private static final long serialVersionUID = 1L;

    public Has() {
        super(TermMatcher.Mode.TERM, false);
    }

    public boolean eval(String text, String needle) {
        return test(text, needle);
    }
}
