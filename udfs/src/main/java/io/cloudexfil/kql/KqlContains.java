package io.cloudexfil.kql;

/**
 * SQL {@code kql_contains(text STRING, needle STRING) -> BOOLEAN NOT NULL}: KQL {@code text contains needle}.
 *
 * <p>case-insensitive substring (§7), per code point, no normalisation. NULL text or needle reads as ""; the empty needle matches every text, NULL included.
 * Negation ({@code !contains}) is {@code NOT kql_contains(...)}.
 */
public class KqlContains extends SingleNeedleFunction {

    private static final long serialVersionUID = 1L;

    public KqlContains() {
        super(TermMatcher.Mode.SUBSTRING, false);
    }

    public boolean eval(String text, String needle) {
        return test(text, needle);
    }
}
