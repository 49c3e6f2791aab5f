package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.functions.HuntWindow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A test case folder {@code test-data/detections/<detection>/<case>/}: case.yml (kind, signals,
 * window), table inputs, expected.jsonl.
 */
public record DetectionCase(String name, Path dir, JsonNode meta) {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * The cases of every shipped detection, detection by detection; {@code -Dhunt.detections=a,b}
     * keeps those of the named ones (while working on a detection).
     */
    public static List<DetectionCase> everyCase() {
        List<DetectionCase> out = new ArrayList<>();
        String only = System.getProperty("hunt.detections", "");
        for (String id : io.cloudexfil.hunt.detection.DetectionPack.shippedIds()) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(id)) {
                continue;
            }
            out.addAll(all(io.cloudexfil.hunt.TestRepo.detectionCases(id)));
        }
        return out;
    }

    /** The detection the case is run with, alone (its golden alerts are that detection's). */
    public io.cloudexfil.hunt.detection.DetectionPack pack() {
        return io.cloudexfil.hunt.detection.DetectionPack.select(List.of(detection()));
    }

    public static List<DetectionCase> all(Path detectionDir) {
        try (Stream<Path> dirs = Files.list(detectionDir)) {
            return dirs.filter(Files::isDirectory).sorted()
                    .map(d -> new DetectionCase(d.getFileName().toString(), d, readYaml(d.resolve("case.yml"))))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readYaml(Path p) {
        try {
            return YAML.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** The detection whose tree holds the case: the one it is run with. */
    public String detection() {
        return dir.getParent().getFileName().toString();
    }

    public String kind() {
        return meta.path("kind").asText();
    }

    public List<String> signals() {
        List<String> out = new ArrayList<>();
        meta.path("signals").forEach(s -> out.add(s.asText()));
        return out;
    }

    public HuntWindow window() {
        JsonNode w = meta.path("window");
        if (w.has("from")) {
            return HuntWindow.between(Instant.parse(w.get("from").asText()),
                    w.has("to") ? Instant.parse(w.get("to").asText()) : null);
        }
        String lb = w.path("lookback").asText();
        Duration d = lb.endsWith("h") ? Duration.ofHours(Long.parseLong(lb.substring(0, lb.length() - 1)))
                : Duration.parse(lb);
        return HuntWindow.lookback(Instant.parse(w.path("as_of").asText()), d);
    }

    public List<JsonNode> expected() {
        return readJsonLines(dir.resolve("expected.jsonl"));
    }

    public static List<JsonNode> readJsonLines(Path file) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alert lines (JSON text, as files hold them) as comparable strings, as {@link #canonical(List)}. */
    public static List<String> canonicalLines(List<String> lines) {
        return canonical(lines.stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList());
    }

    /** Alerts as comparable strings: Timestamp as an instant, numbers as numbers, keys sorted. */
    public static List<String> canonical(List<JsonNode> alerts) {
        return alerts.stream().map(DetectionCase::canonical).sorted().collect(Collectors.toList());
    }

    /**
     * The seed's golden files were written before the pack and keep its alert columns: a line
     * without {@code Detection} is an alert of the seed's detection, which projects no FolderPath
     * and rests on its one event. A line without {@code Repeats} (expected files predate the
     * tuning file's repeats rules) stands for itself alone.
     */
    static JsonNode withPackColumns(JsonNode alert) {
        if (!alert.isObject() || (alert.has("Detection") && alert.has("Repeats"))) {
            return alert;
        }
        ObjectNode n = ((ObjectNode) alert).deepCopy();
        if (!alert.has("Detection")) {
            n.put("Detection", io.cloudexfil.hunt.detection.Detection.DEFAULT);
            n.putNull("FolderPath");
            n.putArray("EvidenceReportIds").add(alert.path("ReportId").asLong());
        }
        if (!alert.has("Repeats")) { // written before tuning's repeats rules: each alert stands for itself
            n.put("Repeats", 1L);
        }
        return n;
    }

    static String canonical(JsonNode given) {
        JsonNode alert = withPackColumns(given);
        ObjectNode n = JSON.createObjectNode();
        List<String> keys = new ArrayList<>();
        alert.fieldNames().forEachRemaining(keys::add);
        keys.sort(Comparator.naturalOrder());
        for (String k : keys) {
            JsonNode v = alert.get(k);
            if (k.equals("Timestamp") && v.isTextual()) {
                n.put(k, Instant.parse(v.asText()).toString());
            } else if (v.isNumber()) {
                n.put(k, v.asLong());
            } else {
                n.set(k, v);
            }
        }
        return n.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
