package io.cloudexfil.kql;

/** Shared body of {@code kql_startswith} / {@code kql_endswith}: a folded comparison at one edge. */
abstract class EdgeFunction extends StringFunction {

    private static final long serialVersionUID = 1L;

    private final boolean atEnd;
    private transient String lastNeedle;
    private transient String lastFolded;

    EdgeFunction(boolean atEnd) {
        this.atEnd = atEnd;
    }

    final boolean test(String text, String needle) {
        String t = orEmpty(text);
        String n = orEmpty(needle);
        if (!n.equals(lastNeedle)) {
            lastNeedle = n;
            lastFolded = KqlChars.foldString(n);
        }
        if (n.length() > t.length()) {
            return false;
        }
        int from = atEnd ? t.length() - n.length() : 0;
        if ( KqlChars.splitsPair(t, atEnd ? from : n.length())) {
            return false;
        }
        return KqlChars.regionEquals(t, from, lastFolded, false);
    }
}
