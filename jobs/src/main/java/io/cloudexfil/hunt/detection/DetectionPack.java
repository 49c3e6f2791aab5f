package io.cloudexfil.hunt.detection;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.source.DefenderTables;
import io.cloudexfil.hunt.tuning.Tuning;
import io.cloudexfil.hunt.tuning.TuningException;
import io.cloudexfil.hunt.tuning.TuningFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The detections a run runs: every shipped one ({@code sql/detections/pack.yml}) unless the user
 * names some. Their parameters share one name space (a name is declared by one detection only,
 * checked here), so {@code detection_list('Name')} needs no detection argument and a configuration
 * file's {@code parameters:} map stays flat.
 */
public final class DetectionPack {

    /** The shipped detections, in the order their alerts are listed. */
    public static final String INDEX = "sql/detections/pack.yml";

    private final List<Detection> detections;
    private final Tuning tuning;

    private DetectionPack(List<Detection> detections) {
        this(detections, null);
    }

    private DetectionPack(List<Detection> detections, Tuning tuning) {
        this.detections = List.copyOf(detections);
        this.tuning = tuning;
        Map<String, String> owner = new LinkedHashMap<>();
        Map<String, String> signalOwner = new LinkedHashMap<>();
        for (Detection d : detections) {
            for (String p : parameterNames(d)) {
                String other = owner.putIfAbsent(p, d.id());
                if (other != null) {
                    throw new IllegalStateException("parameter " + p + " is declared by both " + other + " and " + d.id());
                }
            }
            for (Detection.Signal s : d.signals()) {
                String other = signalOwner.putIfAbsent(s.name(), d.id());
                if (other != null) {
                    throw new IllegalStateException("signal " + s.name() + " is named by both " + other + " and " + d.id());
                }
            }
        }
    }

    private static List<String> parameterNames(Detection d) {
        List<String> out = new ArrayList<>(d.lists().keySet());
        out.addAll(d.longs().keySet());
        return out;
    }

    /** The names of the shipped detections, from {@link #INDEX}. */
    public static List<String> shippedIds() {
        try (InputStream in = SqlFiles.open(INDEX)) {
            JsonNode doc = Detection.YAML.readTree(in);
            List<String> ids = new ArrayList<>();
            doc.path("detections").forEach(n -> ids.add(n.asText()));
            return List.copyOf(ids);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }

    /** Every shipped detection. */
    public static DetectionPack shipped() {
        return new DetectionPack(shippedIds().stream().map(Detection::load).toList());
    }

    /** Only the seed's detection: the KQL hunt as it was written. */
    public static DetectionPack seed() {
        return of(Detection.load(Detection.DEFAULT));
    }

    public static DetectionPack of(Detection... detections) {
        return new DetectionPack(List.of(detections));
    }

    /**
     * The named shipped detections (each once, in the pack's order), or all of them when none is
     * named. An unknown name is an error listing the known ones.
     */
    public static DetectionPack select(Collection<String> names) {
        List<String> ids = shippedIds();
        if (names == null || names.isEmpty()) {
            return shipped();
        }
        Set<String> wanted = new HashSet<>();
        for (String n : names) {
            if (!ids.contains(n)) {
                throw new IllegalArgumentException("unknown detection '" + n + "' (known: " + String.join(", ", ids) + ")");
            }
            wanted.add(n);
        }
        return new DetectionPack(ids.stream().filter(wanted::contains).map(Detection::load).toList());
    }

    public List<Detection> detections() {
        return detections;
    }

    public List<String> ids() {
        return detections.stream().map(Detection::id).toList();
    }

    /** The tables the detections read, in the order of {@link DefenderTables#READ}. */
    public List<String> tables() {
        Set<String> used = new HashSet<>();
        detections.forEach(d -> used.addAll(d.tables()));
        return DefenderTables.READ.stream().filter(used::contains).toList();
    }

    /** Every list parameter of every detection, by its name. */
    public Map<String, List<String>> lists() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        detections.forEach(d -> out.putAll(d.lists()));
        return out;
    }

    public Map<String, Long> longs() {
        Map<String, Long> out = new LinkedHashMap<>();
        detections.forEach(d -> out.putAll(d.longs()));
        return out;
    }

    /** A copy with the parameters of a tuning file ({@code --config FILE}; see {@link #withTuning}). */
    public DetectionPack withOverrides(Path configFile) {
        return withTuning(TuningFile.read(configFile));
    }

    /**
     * A copy with a tuning file's parameters: {@code parameters:} replaces a list or a number,
     * {@code lists:} adds to and removes from a list. A name must be a parameter of a shipped
     * detection (a typo must not silently disable a signal); one of a detection not in this run is
     * checked and not used. Wrong types, empty lists, removing a value the list does not hold and
     * emptying a list are errors naming the file's line.
     */
    public DetectionPack withTuning(Tuning tuning) {
        List<Detection> all = new ArrayList<>(detections);
        Map<String, Detection> others = new LinkedHashMap<>();
        for (String id : shippedIds()) {
            if (!ids().contains(id)) {
                others.put(id, Detection.load(id));
            }
        }
        for (var e : tuning.replace().entrySet()) {
            set(all, others, tuning, e.getKey(), e.getValue().line(), toNode(e.getValue().value()));
        }
        for (var e : tuning.lists().entrySet()) {
            String name = e.getKey();
            int line = e.getValue().line();
            Detection owner = declaring(all, others, tuning, name, line);
            List<String> current = owner.lists().get(name);
            if (current == null) {
                throw new TuningException(tuning.at(line, "parameter " + name + " is a number, not a list"));
            }
            List<String> changed = new ArrayList<>(current);
            for (String r : e.getValue().value().remove()) {
                if (!changed.removeIf(v -> v.equals(r))) {
                    throw new TuningException(tuning.at(line, "list " + name + " does not hold '" + r + "' (remove only what it holds)"));
                }
            }
            for (String a : e.getValue().value().add()) {
                if (!changed.contains(a)) {
                    changed.add(a);
                }
            }
            com.fasterxml.jackson.databind.node.ArrayNode node = Detection.YAML.createArrayNode();
            changed.forEach(node::add);
            set(all, others, tuning, name, line, node);
        }
        Set<String> signals = new HashSet<>();
        shippedIds().forEach(id -> (ids().contains(id) ? get(id, all) : others.get(id)).signals()
                .forEach(sg -> signals.add(sg.name())));
        for (var entry : tuning.allowlist()) {
            checkNames(tuning, signals, "allowlist entry " + entry.id(), entry.line(), entry.detections(), entry.signals());
        }
        for (var rule : tuning.repeats()) {
            checkNames(tuning, signals, "repeats rule " + rule.id(), rule.line(), rule.detections(), rule.signals());
        }
        return new DetectionPack(all, tuning);
    }

    /** An entry's or rule's detections and signals are the shipped pack's (a typo would match nothing). */
    private static void checkNames(Tuning tuning, Set<String> signals, String what, int line,
                                   List<String> detections, List<String> named) {
        for (String d : detections) {
            if (!shippedIds().contains(d)) {
                throw new TuningException(tuning.at(line, what + ": unknown detection '" + d + "' (known: "
                        + String.join(", ", shippedIds()) + ")"));
            }
        }
        for (String sg : named) {
            if (!signals.contains(sg)) {
                throw new TuningException(tuning.at(line, what + ": unknown signal '" + sg + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(signals)) + ")"));
            }
        }
    }

    private static Detection get(String id, List<Detection> ds) {
        return ds.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    /** The tuning file applied to this pack, or null. */
    public Tuning tuning() {
        return tuning;
    }

    /** The allowlist entries of its tuning file (none without one). */
    public List<io.cloudexfil.hunt.tuning.AllowEntry> allowlist() {
        return tuning == null ? List.of() : tuning.allowlist();
    }

    /** The repeats rules of its tuning file (none without one). */
    public List<io.cloudexfil.hunt.tuning.RepeatRule> repeats() {
        return tuning == null ? List.of() : tuning.repeats();
    }

    private static JsonNode toNode(Object value) {
        if (value instanceof List<?> l) {
            com.fasterxml.jackson.databind.node.ArrayNode node = Detection.YAML.createArrayNode();
            l.forEach(v -> node.add(String.valueOf(v)));
            return node;
        }
        String s = String.valueOf(value);
        try {
            return Detection.YAML.getNodeFactory().numberNode(Long.parseLong(s.strip()));
        } catch (NumberFormatException e) {
            return Detection.YAML.getNodeFactory().textNode(s);
        }
    }

    private Detection declaring(List<Detection> all, Map<String, Detection> others, Tuning tuning, String name, int line) {
        int i = indexDeclaring(all, name);
        if (i >= 0) {
            return all.get(i);
        }
        for (Detection d : others.values()) {
            if (d.declares(name)) {
                return d;
            }
        }
        Set<String> known = new java.util.TreeSet<>(lists().keySet());
        known.addAll(longs().keySet());
        others.values().forEach(d -> known.addAll(parameterNames(d)));
        throw new TuningException(tuning.at(line, "unknown parameter '" + name + "' (known: " + String.join(", ", known) + ")"));
    }

    /** Sets a parameter on the detection of this run that declares it, or checks it against a shipped one. */
    private void set(List<Detection> all, Map<String, Detection> others, Tuning tuning, String name, int line, JsonNode value) {
        Detection owner = declaring(all, others, tuning, name, line);
        try {
            Detection changed = owner.withParameter(name, value);
            int i = all.indexOf(owner);
            if (i >= 0) {
                all.set(i, changed);
            } else {
                others.put(owner.id(), changed);
            }
        } catch (IllegalArgumentException ex) {
            throw new TuningException(tuning.at(line, ex.getMessage()));
        }
    }

    private static int indexDeclaring(List<Detection> ds, String name) {
        for (int i = 0; i < ds.size(); i++) {
            if (ds.get(i).declares(name)) {
                return i;
            }
        }
        return -1;
    }

}
