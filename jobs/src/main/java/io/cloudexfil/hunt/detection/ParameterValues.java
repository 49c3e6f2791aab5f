package io.cloudexfil.hunt.detection;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Checks and converts parameter values from YAML; every error names the parameter. */
final class ParameterValues {

    private ParameterValues() {}

    static List<String> list(String name, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("parameter " + name + " must be a list of strings");
        }
        if (node.isEmpty()) {
            throw new IllegalArgumentException("parameter " + name + " must not be empty (an empty list disables its signal)");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : node) {
            if (!e.isTextual() && !e.isNumber()) {
                throw new IllegalArgumentException("parameter " + name + ": every element must be a string, got " + e);
            }
            if (e.asText().isEmpty()) {
                throw new IllegalArgumentException("parameter " + name + ": an empty string would match everything");
            }
            out.add(e.asText());
        }
        return Collections.unmodifiableList(out);
    }

    static long longValue(String name, JsonNode node) {
        if (node == null || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("parameter " + name + " must be an integer");
        }
        return node.asLong();
    }
}
