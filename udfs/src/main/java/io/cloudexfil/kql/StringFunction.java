package io.cloudexfil.kql;

import org.apache.flink.table.functions.ScalarFunction;

/**
 * Base of the KQL string functions: deterministic, no I/O, and a boolean result that is never
 * NULL. KQL strings cannot be NULL (udfs/SEMANTICS.md §6), so a NULL text or needle is read as the
 * empty string: positive operators give {@code false}, {@code NOT op(...)} gives {@code true}, and
 * the empty needle still matches.
 */
abstract class StringFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public boolean isDeterministic() {
        return true;
    }
}
