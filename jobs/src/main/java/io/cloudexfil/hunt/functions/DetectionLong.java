package io.cloudexfil.hunt.functions;

import org.apache.flink.table.functions.ScalarFunction;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code detection_long('Name') -> BIGINT NOT NULL}: a numeric parameter of the running detection. */
public class DetectionLong extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Long> values;

    public DetectionLong(Map<String, Long> values) {
        this.values = new LinkedHashMap<>(values);
    }

    public long eval(String name) {
        Long v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown detection number '" + name + "' (known: "
                    + String.join(", ", values.keySet()) + ")");
        }
        return v;
    }

    @Override
    public boolean isDeterministic() {
        return true;
    }
}
