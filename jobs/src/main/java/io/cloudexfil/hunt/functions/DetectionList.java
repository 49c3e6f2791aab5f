package io.cloudexfil.hunt.functions;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.ScalarFunction;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code detection_list('Name') -> ARRAY<STRING>}: a list parameter of the running detection, a
 * typed value passed from configuration to SQL without ever becoming SQL text. Returns the same
 * array object on every call, so {@code has_any} compiles it once.
 */
public class DetectionList extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, List<String>> values;
    private transient Map<String, ArrayData> arrays;

    public DetectionList(Map<String, List<String>> values) {
        this.values = new LinkedHashMap<>(values);
    }

    public @DataTypeHint(value = "ARRAY<STRING NOT NULL> NOT NULL", bridgedTo = ArrayData.class) ArrayData eval(String name) {
        if (arrays == null) {
            arrays = new HashMap<>();
        }
        ArrayData a = arrays.get(name);
        if (a == null) {
            List<String> v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("unknown detection list '" + name + "' (known: "
                        + String.join(", ", values.keySet()) + ")");
            }
            a = new GenericArrayData(v.stream().map(StringData::fromString).toArray(StringData[]::new));
            arrays.put(name, a);
        }
        return a;
    }

    @Override
    public boolean isDeterministic() {
        return true;
    }
}
