package io.cloudexfil.kql;

/** A term operator with one STRING needle: compiles the needle once per distinct value. */
abstract class SingleNeedleFunction extends StringFunction {

    private static final long serialVersionUID = 1L;

    private final TermMatcher.Mode mode;
    private final boolean caseSensitive;
    private transient String lastNeedle;
    private transient TermMatcher lastMatcher;

    SingleNeedleFunction(TermMatcher.Mode mode, boolean caseSensitive) {
        this.mode = mode;
        this.caseSensitive = caseSensitive;
    }

    final boolean test(String text, String needle) {
        String n = orEmpty(needle);
        if (lastMatcher == null || !n.equals(lastNeedle)) {
            lastMatcher = TermMatcher.of(n, mode, caseSensitive);
            lastNeedle = n;
        }
        return lastMatcher.matchesAny(text);
    }
}
