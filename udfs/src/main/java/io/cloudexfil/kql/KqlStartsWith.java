package io.cloudexfil.kql;

/**
 * SQL {@code kql_startswith(text STRING, prefix STRING) -> BOOLEAN NOT NULL}: KQL
 * {@code text startswith prefix} (udfs/SEMANTICS.md §7): case-insensitive prefix of the whole value,
 * not term based. NULL reads as ""; the empty prefix matches every text. Flink's own
 * {@code STARTSWITH} is case-sensitive.
 */
public class KqlStartsWith extends EdgeFunction {

    private static final long serialVersionUID = 1L;

    public KqlStartsWith() {
        super(false);
    }

    public boolean eval(String text, String prefix) {
        return test(text, prefix);
    }
}
