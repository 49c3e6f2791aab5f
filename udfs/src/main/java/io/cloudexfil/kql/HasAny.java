package io.cloudexfil.kql;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.data.ArrayData;

/**
 * SQL {@code has_any(text STRING, needles ARRAY<STRING>) -> BOOLEAN NOT NULL}, also callable as
 * {@code has_any(text, 'a', 'b', ...)}: KQL {@code text has_any (needles)} (udfs/SEMANTICS.md §5).
 *
 * <p>True iff {@code has(text, n)} for at least one distinct element {@code n}. Semantics per
 * element are those of {@link Has}. Choices where the spec is silent: a NULL element reads as ""
 * (KQL's {@code tostring(null)}), so it matches every text; a NULL or empty array matches nothing.
 *
 * <p>The array is compiled once per distinct content (see {@link NeedleCache}) and the text is
 * scanned once for all needles (see {@link TermMatcher}); a row allocates nothing.
 */
public class HasAny extends StringFunction {

    private static final long serialVersionUID = 1L;

    private transient NeedleCache<TermMatcher> cache;

    private NeedleCache<TermMatcher> cache() {
        if (cache == null) {
            cache = new NeedleCache<>(list -> TermMatcher.of(list, TermMatcher.Mode.TERM, false));
        }
        return cache;
    }

    public boolean eval(
            String text, @DataTypeHint(value = "ARRAY<STRING>", bridgedTo = ArrayData.class) ArrayData needles) {
        return cache().get(needles).matchesAny(text);
    }

    public boolean eval(String text, String... needles) {
        return cache().get(needles).matchesAny(text);
    }
}
