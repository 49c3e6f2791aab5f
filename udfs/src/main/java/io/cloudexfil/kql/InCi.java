package io.cloudexfil.kql;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.data.ArrayData;

/**
 * SQL {@code in_ci(text STRING, values ARRAY<STRING>) -> BOOLEAN NOT NULL}, also callable as
 * {@code in_ci(text, 'a', 'b', ...)}: KQL {@code text in~ (values)} (udfs/SEMANTICS.md §7).
 *
 * <p>Whole-value equality under per-code-point case folding (see {@link KqlChars}), no trimming,
 * no normalisation. A NULL text reads as "" and so does a NULL element (the spec's MAP rule); an
 * empty or NULL array contains nothing. {@code !in~} is {@code NOT in_ci(...)}.
 */
public class InCi extends StringFunction {

    private static final long serialVersionUID = 1L;

    private transient NeedleCache<FoldedSet> cache;

    private NeedleCache<FoldedSet> cache() {
        if (cache == null) {
            cache = new NeedleCache<>(FoldedSet::new);
        }
        return cache;
    }

    public boolean eval(
            String text, @DataTypeHint(value = "ARRAY<STRING>", bridgedTo = ArrayData.class) ArrayData values) {
        return cache().get(values).contains(orEmpty(text));
    }

    public boolean eval(String text, String... values) {
        return cache().get(values).contains(orEmpty(text));
    }
}
