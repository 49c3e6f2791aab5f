package io.cloudexfil.kql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One row of {@code test-data/udfs/cases.jsonl}: a function call and its expected value. */
record UdfCase(String id, String fn, String text, String needle, List<String> needles,
               boolean arrayArg, boolean expected, boolean negated, String source) {

    static final String RESOURCE = "/test-data/udfs/cases.jsonl";

    static List<UdfCase> load() {
        ObjectMapper mapper = new ObjectMapper();
        List<UdfCase> cases = new ArrayList<>();
        try (InputStream in = UdfCase.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = mapper.readTree(line);
                JsonNode arg = n.get("arg");
                List<String> list = null;
                String single = null;
                boolean array = arg != null && arg.isArray();
                if (array) {
                    list = new ArrayList<>();
                    for (JsonNode e : arg) {
                        list.add(e.isNull() ? null : e.asText());
                    }
                } else if (arg != null && !arg.isNull()) {
                    single = arg.asText();
                }
                cases.add(new UdfCase(
                        n.get("id").asText(),
                        n.get("fn").asText(),
                        n.get("text").isNull() ? null : n.get("text").asText(),
                        single,
                        list,
                        array || isArrayFunction(n.get("fn").asText()),
                        n.get("expected").asBoolean(),
                        n.has("negated") && n.get("negated").asBoolean(),
                        n.get("source").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    static boolean isArrayFunction(String fn) {
        return fn.equals("has_any") || fn.equals("has_all") || fn.equals("in_ci");
    }

    /** The value the plain (non-negated) function must return. */
    boolean expectedFunctionValue() {
        return negated ? !expected : expected;
    }

    @Override
    public String toString() {
        return id + ": " + fn + "(" + quote(text) + ", " + (arrayArg ? String.valueOf(needles) : quote(needle))
                + ") " + (negated ? "negated " : "") + "= " + expected + "  [" + source + "]";
    }

    private static String quote(String s) {
        return s == null ? "NULL" : "\"" + s + "\"";
    }
}
