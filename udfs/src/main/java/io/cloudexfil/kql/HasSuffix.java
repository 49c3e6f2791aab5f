package io.cloudexfil.kql;

/**
 * SQL {@code hassuffix(text STRING, needle STRING) -> BOOLEAN NOT NULL}: KQL {@code text hassuffix needle}.
 *
 * <p>R3 (§4): like {@code has}, with a boundary demanded at the needle's end edge only. NULL text or needle reads as ""; the empty needle matches every text, NULL included.
 * Negation ({@code !hassuffix}) is {@code NOT hassuffix(...)}.
 */
public class HasSuffix extends SingleNeedleFunction {

    private static final long serialVersionUID = 1L;

    public HasSuffix() {
        super(TermMatcher.Mode.SUFFIX, false);
    }

    public boolean eval(String text, String needle) {
        return test(text, needle);
    }
}
