package io.cloudexfil.hunt.detection;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.source.DefenderTables;

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

    private DetectionPack(List<Detection> detections) {
        this.detections = List.copyOf(detections);
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

    /**
     * A copy whose parameters are replaced by the {@code parameters:} map of a YAML file. A name
     * must be a parameter of a shipped detection (a typo must not silently disable a signal); one
     * of a detection not in this run is checked and not used. Wrong types, empty lists and NULL
     * elements are errors.
     */
    public DetectionPack withOverrides(Path configFile) {
        JsonNode cfg;
        try {
            cfg = Detection.YAML.readTree(Files.readString(configFile));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + configFile + ": " + firstLine(e.getMessage()));
        }
        if (cfg == null || !cfg.isObject() || !cfg.path("parameters").isObject()) {
            throw new IllegalArgumentException("configuration " + configFile + " must be a YAML map with a 'parameters:' map");
        }
        List<Detection> all = new ArrayList<>(detections);
        Map<String, Detection> shipped = new LinkedHashMap<>();
        for (String id : shippedIds()) {
            shipped.put(id, ids().contains(id) ? null : Detection.load(id));
        }
        var fields = cfg.path("parameters").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String name = e.getKey();
            int i = indexDeclaring(all, name);
            try {
                if (i >= 0) {
                    all.set(i, all.get(i).withParameter(name, e.getValue()));
                    continue;
                }
                Detection other = shipped.values().stream().filter(d -> d != null && d.declares(name))
                        .findFirst().orElse(null);
                if (other == null) {
                    Set<String> known = new java.util.TreeSet<>(lists().keySet());
                    known.addAll(longs().keySet());
                    shipped.values().stream().filter(d -> d != null).forEach(d -> known.addAll(parameterNames(d)));
                    throw new IllegalArgumentException("unknown parameter '" + name + "' (known: "
                            + String.join(", ", known) + ")");
                }
                other.withParameter(name, e.getValue()); // checked; its detection does not run
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("configuration " + configFile + ": " + ex.getMessage());
            }
        }
        return new DetectionPack(all);
    }

    private static int indexDeclaring(List<Detection> ds, String name) {
        for (int i = 0; i < ds.size(); i++) {
            if (ds.get(i).declares(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
