package io.cloudexfil.hunt.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A detection's {@code detection.yml}: identity, ATT&CK mapping, the ordered SQL statements, the
 * signals and the typed parameters (lists and thresholds) its SQL reads. Parameter values start at
 * the file's defaults; {@link #withOverrides(Path)} replaces them from a user's configuration file.
 */
public final class Detection {

    public static final String DEFAULT = "exfiltration_cloud_storage";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One signal: its output name (the Signal column), SQL file and source table. */
    public record Signal(String name, String file, String table) {}

    private final String id;
    private final JsonNode doc;
    private final List<String> statements;
    private final List<Signal> signals;
    private final Map<String, List<String>> lists;
    private final Map<String, Long> longs;

    private Detection(String id, JsonNode doc, Map<String, List<String>> lists, Map<String, Long> longs) {
        this.id = id;
        this.doc = doc;
        List<String> st = new ArrayList<>();
        doc.path("statements").forEach(n -> st.add(n.asText()));
        this.statements = Collections.unmodifiableList(st);
        List<Signal> sg = new ArrayList<>();
        doc.path("signals").forEach(n -> sg.add(new Signal(n.path("name").asText(), n.path("file").asText(),
                n.path("table").asText())));
        this.signals = Collections.unmodifiableList(sg);
        this.lists = Collections.unmodifiableMap(lists);
        this.longs = Collections.unmodifiableMap(longs);
    }

    /** Loads {@code sql/detections/<id>/detection.yml} from the class path. */
    public static Detection load(String id) {
        try (InputStream in = SqlFiles.open(folder(id) + "detection.yml")) {
            JsonNode doc = YAML.readTree(in);
            Map<String, List<String>> lists = new LinkedHashMap<>();
            Map<String, Long> longs = new LinkedHashMap<>();
            doc.path("parameters").fields().forEachRemaining(e -> {
                String type = e.getValue().path("type").asText();
                JsonNode def = e.getValue().path("default");
                if (type.equals("list")) {
                    lists.put(e.getKey(), ParameterValues.list(e.getKey(), def));
                } else if (type.equals("long")) {
                    longs.put(e.getKey(), ParameterValues.longValue(e.getKey(), def));
                } else {
                    throw new IllegalStateException("detection " + id + ": parameter " + e.getKey()
                            + " has unknown type '" + type + "'");
                }
            });
            return new Detection(id, doc, lists, longs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read detection " + id, e);
        }
    }

    /**
     * A copy whose parameters are replaced by the {@code parameters:} map of a YAML file. Unknown
     * names, wrong types, empty lists and NULL elements are errors: a typo must not silently
     * disable a signal.
     */
    public Detection withOverrides(Path configFile) {
        JsonNode cfg;
        try {
            cfg = YAML.readTree(Files.readString(configFile));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + configFile + ": " + firstLine(e.getMessage()));
        }
        if (cfg == null || !cfg.isObject() || !cfg.path("parameters").isObject()) {
            throw new IllegalArgumentException("configuration " + configFile + " must be a YAML map with a 'parameters:' map");
        }
        Map<String, List<String>> newLists = new LinkedHashMap<>(lists);
        Map<String, Long> newLongs = new LinkedHashMap<>(longs);
        cfg.path("parameters").fields().forEachRemaining(e -> {
            String name = e.getKey();
            if (lists.containsKey(name)) {
                newLists.put(name, ParameterValues.list(name, e.getValue()));
            } else if (longs.containsKey(name)) {
                newLongs.put(name, ParameterValues.longValue(name, e.getValue()));
            } else {
                List<String> known = new ArrayList<>(lists.keySet());
                known.addAll(longs.keySet());
                throw new IllegalArgumentException("configuration " + configFile + ": unknown parameter '" + name
                        + "' (known: " + String.join(", ", known) + ")");
            }
        });
        return new Detection(id, doc, newLists, newLongs);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String folder(String id) {
        return "sql/detections/" + id + "/";
    }

    public String id() {
        return id;
    }

    public JsonNode document() {
        return doc;
    }

    /** Class-path names of the SQL statements, in the order they run. */
    public List<String> statementResources() {
        List<String> out = new ArrayList<>();
        for (String s : statements) {
            out.add(folder(id) + s);
        }
        return out;
    }

    public List<String> statements() {
        return statements;
    }

    public List<Signal> signals() {
        return signals;
    }

    /** The source tables its signals read, each once, in the order of the signals. */
    public List<String> tables() {
        return signals.stream().map(Signal::table).distinct().toList();
    }

    public Map<String, List<String>> lists() {
        return lists;
    }

    public Map<String, Long> longs() {
        return longs;
    }

    public String techniqueId() {
        return doc.path("attack").path("subtechnique").path("id").asText();
    }
}
