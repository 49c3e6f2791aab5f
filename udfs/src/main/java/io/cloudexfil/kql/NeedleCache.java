package io.cloudexfil.kql;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.StringData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiles a needle array once per distinct content, not once per row.
 *
 * <p>A constant array argument arrives as the same {@link ArrayData} instance on every row, so the
 * common case is one reference comparison. A different instance with the same content (an array
 * column, or a planner that rebuilds the constant) costs one content comparison; new content is
 * compiled and kept in a small LRU map. Not thread-safe: Flink gives each parallel task its own
 * function instance.
 */
final class NeedleCache<T> {

    private static final int MAX_ENTRIES = 64;

    private final Function<List<String>, T> compiler;
    private final Map<List<String>, T> compiled =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<List<String>, T> eldest) {
                    return size() > MAX_ENTRIES;
                }
            };
    private ArrayData lastArray;
    private List<String> lastContent;
    private T lastCompiled;

    NeedleCache(Function<List<String>, T> compiler) {
        this.compiler = compiler;
    }

    /** The compiled form of {@code array}; a NULL array is treated as an empty one. */
    T get(ArrayData array) {
        if (array == lastArray && lastCompiled != null) {
            return lastCompiled;
        }
        List<String> content = contentOf(array);
        if (!content.equals(lastContent)) {
            T t = compiled.get(content);
            if (t == null) {
                t = compiler.apply(content);
                compiled.put(content, t);
            }
            lastContent = content;
            lastCompiled = t;
        }
        lastArray = array;
        return lastCompiled;
    }

    /** Direct-call form used by Java callers and benchmarks. */
    T get(String[] array) {
        List<String> content = new ArrayList<>(array == null ? 0 : array.length);
        if (array != null) {
            for (String s : array) {
                content.add(s == null ? "" : s);
            }
        }
        if (content.equals(lastContent)) {
            return lastCompiled;
        }
        T t = compiled.computeIfAbsent(content, compiler);
        lastArray = null;
        lastContent = content;
        lastCompiled = t;
        return t;
    }

    /** Elements as strings; NULL elements become "" (KQL's tostring of null). */
    static List<String> contentOf(ArrayData array) {
        if (array == null) {
            return List.of();
        }
        int n = array.size();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (array.isNullAt(i)) {
                out.add("");
            } else {
                StringData s = array.getString(i);
                out.add(s.toString());
            }
        }
        return out;
    }
}
