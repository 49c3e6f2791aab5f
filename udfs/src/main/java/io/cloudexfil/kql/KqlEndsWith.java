package io.cloudexfil.kql;

/**
 * SQL {@code kql_endswith(text STRING, suffix STRING) -> BOOLEAN NOT NULL}: KQL
 * {@code text endswith suffix} (udfs/SEMANTICS.md §7): case-insensitive suffix of the whole value,
 * not term based ({@code "myrclone.exe" endswith "rclone.exe"} is true). NULL reads as ""; the
 * empty suffix matches every text. Flink's own {@code ENDSWITH} is case-sensitive.
 */
public class KqlEndsWith extends EdgeFunction {

    private static final long serialVersionUID = 1L;

    public KqlEndsWith() {
        super(true);
    }

    public boolean eval(String text, String suffix) {
        return test(text, suffix);
    }
}
