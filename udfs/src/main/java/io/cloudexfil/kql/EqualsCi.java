package io.cloudexfil.kql;

/**
 * SQL {@code equals_ci(a STRING, b STRING) -> BOOLEAN NOT NULL}: KQL {@code a =~ b}
 * (udfs/SEMANTICS.md §7): equal under per-code-point case folding, no normalisation
 * ({@code "Straße" =~ "straße"} but not {@code "STRASSE"}). NULL reads as "". {@code !~} is
 * {@code NOT equals_ci(...)}.
 */
public class EqualsCi extends StringFunction {

    private static final long serialVersionUID = 1L;

    public boolean eval(String a, String b) {
        return KqlChars.equalsIgnoreCase(orEmpty(a), orEmpty(b));
    }
}
