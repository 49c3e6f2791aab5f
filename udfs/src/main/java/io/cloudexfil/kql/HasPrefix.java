package io.cloudexfil.kql;

/**
 * SQL {@code hasprefix(text STRING, needle STRING) -> BOOLEAN NOT NULL}: KQL {@code text hasprefix needle}.
 *
 * <p>R2 (§4): like {@code has}, with a boundary demanded at the needle's start edge only. NULL text or needle reads as ""; the empty needle matches every text, NULL included.
 * Negation ({@code !hasprefix}) is {@code NOT hasprefix(...)}.
 */
public class HasPrefix extends SingleNeedleFunction {

    private static final long serialVersionUID = 1L;

    public HasPrefix() {
        super(TermMatcher.Mode.PREFIX, false);
    }

    public boolean eval(String text, String needle) {
        return test(text, needle);
    }
}
