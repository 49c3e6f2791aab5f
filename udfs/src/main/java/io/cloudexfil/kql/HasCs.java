package io.cloudexfil.kql;

/**
 * SQL {@code has_cs(text STRING, needle STRING) -> BOOLEAN NOT NULL}: KQL {@code text has_cs needle}.
 *
 * <p>R1 without case folding. NULL text or needle reads as ""; the empty needle matches every text, NULL included.
 * Negation ({@code !has_cs}) is {@code NOT has_cs(...)}.
 */
public class HasCs extends SingleNeedleFunction {

    private static final long serialVersionUID = 1L;

    public HasCs() {
        super(TermMatcher.Mode.TERM, true);
    }

    public boolean eval(String text, String needle) {
        return test(text, needle);
    }
}
