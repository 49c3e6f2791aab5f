package io.cloudexfil.kql;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.data.ArrayData;

import java.util.List;

/**
 * SQL {@code has_all(text STRING, needles ARRAY<STRING>) -> BOOLEAN NOT NULL}, also callable as
 * {@code has_all(text, 'a', 'b', ...)}: KQL {@code text has_all (needles)} (udfs/SEMANTICS.md §5).
 *
 * <p>True iff {@code has(text, n)} for every distinct element {@code n}. Choices where the spec is
 * silent: a NULL element reads as "" (always satisfied); an empty or NULL array gives {@code true}
 * (a conjunction over nothing), which is why detections should never pass an empty list here.
 */
public class HasAll extends StringFunction {

    private static final long serialVersionUID = 1L;

    private transient NeedleCache<TermMatcher[]> cache;

    private NeedleCache<TermMatcher[]> cache() {
        if (cache == null) {
            cache = new NeedleCache<>(HasAll::compile);
        }
        return cache;
    }

    private static TermMatcher[] compile(List<String> needles) {
        return needles.stream()
                .distinct()
                .map(n -> TermMatcher.of(n, TermMatcher.Mode.TERM, false))
                .toArray(TermMatcher[]::new);
    }

    private static boolean all(TermMatcher[] matchers, String text) {
        for (TermMatcher m : matchers) {
            if (!m.matchesAny(text)) {
                return false;
            }
        }
        return true;
    }

    public boolean eval(
            String text, @DataTypeHint(value = "ARRAY<STRING>", bridgedTo = ArrayData.class) ArrayData needles) {
        return all(cache().get(needles), text);
    }

    public boolean eval(String text, String... needles) {
        return all(cache().get(needles), text);
    }
}
