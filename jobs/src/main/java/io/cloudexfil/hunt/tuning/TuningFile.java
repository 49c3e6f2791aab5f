package io.cloudexfil.hunt.tuning;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a tuning file ({@code --config FILE}) into a {@link Tuning}. Everything in it is data:
 * values are kept as strings, numbers and dates, never put into SQL text. Every mistake (an
 * unknown key, a bad date, an empty reason, a pattern that does not compile, a value of the wrong
 * kind) is one {@link TuningException} naming the file and the line, before anything runs.
 *
 * <pre>
 * parameters:            # replace a list or a number of a detection
 *   LargeUploadMinBytes: 52428800
 * lists:                 # add to / remove from a shipped list
 *   CloudSyncBinaries: {add: [restic], remove: [megacmd]}
 * allowlist:
 *   - id: onedrive-client
 *     reason: OneDrive's own client syncing to OneDrive
 *     expires: 2027-06-30
 *     signals: [LargeCloudUpload]
 *     initiating_process: [OneDrive.exe]
 *     initiating_process_folder: ['C:\Program Files\Microsoft OneDrive\*']
 * repeats:               # at most one alert per device, signal and key per period
 *   - id: rclone-connections-per-host
 *     reason: one alert an hour per destination is enough during a bulk transfer
 *     period: 1h
 *     signals: [RenamedRcloneConnection]
 *     key: [remote_host]
 * </pre>
 */
public final class TuningFile {

    private TuningFile() {}

    private static final Set<String> TOP = Set.of("parameters", "lists", "allowlist", "repeats");
    private static final Set<String> ENTRY = Set.of("id", "reason", "expires", "detections", "signals", "device",
            "device_name", "account", "initiating_process", "initiating_process_folder", "parent_process",
            "process_folder", "command_line_has", "remote_host", "signer", "signature_status");
    private static final Set<String> REPEAT = Set.of("id", "reason", "period", "expires", "detections", "signals", "key");

    public static Tuning read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TuningException("cannot read configuration " + file + ": " + e.getMessage());
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (MarkedYAMLException e) {
            throw new TuningException(file + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: "
                    + e.getProblem());
        } catch (YAMLException e) {
            throw new TuningException(file + ": not valid YAML: " + e.getMessage());
        }
        Reader r = new Reader(file);
        if (!(root instanceof MappingNode)) {
            throw new TuningException(file + ":1: a configuration is a YAML map (parameters:, lists:, allowlist:, repeats:)");
        }
        MappingNode top = r.map(root, "the configuration");
        Map<String, Tuning.Located<Object>> replace = new LinkedHashMap<>();
        Map<String, Tuning.Located<Tuning.ListChange>> lists = new LinkedHashMap<>();
        List<AllowEntry> allowlist = new ArrayList<>();
        List<RepeatRule> repeats = new ArrayList<>();
        for (NodeTuple t : top.getValue()) {
            String key = r.key(t, TOP);
            Node v = t.getValueNode();
            switch (key) {
                case "parameters" -> {
                    for (NodeTuple p : r.map(v, "parameters").getValue()) {
                        String name = r.scalar(p.getKeyNode(), "a parameter name");
                        Node value = p.getValueNode();
                        Object parsed = value instanceof SequenceNode ? r.strings(value, name)
                                : r.scalar(value, "parameter " + name + " (a list or an integer)");
                        replace.put(name, new Tuning.Located<>(parsed, line(p.getKeyNode())));
                    }
                }
                case "lists" -> {
                    for (NodeTuple p : r.map(v, "lists").getValue()) {
                        String name = r.scalar(p.getKeyNode(), "a list name");
                        List<String> add = List.of();
                        List<String> remove = List.of();
                        for (NodeTuple c : r.map(p.getValueNode(), "lists." + name).getValue()) {
                            String op = r.key(c, Set.of("add", "remove"));
                            if (op.equals("add")) {
                                add = r.strings(c.getValueNode(), name + ".add");
                            } else {
                                remove = r.strings(c.getValueNode(), name + ".remove");
                            }
                        }
                        lists.put(name, new Tuning.Located<>(new Tuning.ListChange(add, remove), line(p.getKeyNode())));
                    }
                }
                case "allowlist" -> {
                    Set<String> ids = new HashSet<>();
                    for (Node e : r.sequence(v, "allowlist").getValue()) {
                        AllowEntry entry = r.entry(e);
                        if (!ids.add(entry.id())) {
                            throw r.error(e, "allowlist entry id '" + entry.id() + "' is used twice");
                        }
                        allowlist.add(entry);
                    }
                }
                case "repeats" -> {
                    Set<String> ids = new HashSet<>();
                    for (Node e : r.sequence(v, "repeats").getValue()) {
                        RepeatRule rule = r.repeat(e);
                        if (!ids.add(rule.id())) {
                            throw r.error(e, "repeats rule id '" + rule.id() + "' is used twice");
                        }
                        repeats.add(rule);
                    }
                }
                default -> throw new IllegalStateException(key);
            }
        }
        return new Tuning(file, sha256(bytes), replace, lists, allowlist, repeats);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    /** Node readers that fail with the file and line. */
    private record Reader(Path file) {

        TuningException error(Node at, String message) {
            return new TuningException(file + ":" + line(at) + ": " + message);
        }

        String key(NodeTuple t, Set<String> allowed) {
            String k = scalar(t.getKeyNode(), "a key");
            if (!allowed.contains(k)) {
                throw error(t.getKeyNode(), "unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            return k;
        }

        String scalar(Node n, String what) {
            if (!(n instanceof ScalarNode s)) {
                throw error(n, what + " must be a single value");
            }
            return s.getValue();
        }

        MappingNode map(Node n, String what) {
            if (!(n instanceof MappingNode m)) {
                throw error(n, what + " must be a map");
            }
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : m.getValue()) { // YAML's node tree keeps both: the second would win silently
                if (t.getKeyNode() instanceof ScalarNode k && !seen.add(k.getValue())) {
                    throw error(k, "key '" + k.getValue() + "' is given twice");
                }
            }
            return m;
        }

        SequenceNode sequence(Node n, String what) {
            if (!(n instanceof SequenceNode s)) {
                throw error(n, what + " must be a list");
            }
            return s;
        }

        /** A list of non-empty strings; a single value stands for a list of one. */
        List<String> strings(Node n, String what) {
            List<String> out = new ArrayList<>();
            List<Node> items = n instanceof SequenceNode s ? s.getValue() : List.of(n);
            for (Node i : items) {
                String v = scalar(i, what + ": each value");
                if (v.isEmpty()) {
                    throw error(i, what + ": an empty value would match everything");
                }
                out.add(v);
            }
            if (out.isEmpty()) {
                throw error(n, what + " must not be empty");
            }
            return List.copyOf(out);
        }

        List<Pattern> patterns(Node n, String what) {
            List<Pattern> out = new ArrayList<>();
            for (String s : strings(n, what)) {
                try {
                    out.add(Pattern.of(s));
                } catch (IllegalArgumentException e) {
                    throw error(n, what + ": " + e.getMessage());
                }
            }
            return List.copyOf(out);
        }

        AllowEntry entry(Node n) {
            MappingNode m = map(n, "an allowlist entry");
            Map<String, Node> f = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                f.put(key(t, ENTRY), t.getValueNode());
            }
            String id = id(n, f, "an allowlist entry");
            LocalDate expires = expires(f);
            AllowEntry entry = new AllowEntry(id, scalar(f.get("reason"), "reason").strip(), expires, line(n),
                    opt(f, "detections"), opt(f, "signals"), pats(f, "device"), pats(f, "device_name"),
                    pats(f, "account"), pats(f, "initiating_process"), pats(f, "initiating_process_folder"),
                    pats(f, "parent_process"), pats(f, "process_folder"), opt(f, "command_line_has"),
                    opt(f, "remote_host"), pats(f, "signer"), pats(f, "signature_status"));
            if (entry.conditions() == 0) {
                throw error(n, "allowlist entry " + id + " has no condition (device, account, process, folder, "
                        + "command line, host or signer): it would suppress every alert of its signals");
            }
            return entry;
        }

        /** The mandatory id of an entry or rule, and its mandatory reason. */
        private String id(Node n, Map<String, Node> f, String what) {
            if (!f.containsKey("id")) {
                throw error(n, what + " needs an id");
            }
            String id = scalar(f.get("id"), "id");
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw error(f.get("id"), "id '" + id + "' must be letters, digits, '.', '_' or '-'");
            }
            if (!f.containsKey("reason") || scalar(f.get("reason"), "reason").isBlank()) {
                throw error(f.getOrDefault("reason", n), what.replaceFirst("^an? ", "") + " " + id + " needs a reason");
            }
            return id;
        }

        private LocalDate expires(Map<String, Node> f) {
            if (!f.containsKey("expires")) {
                return null;
            }
            String d = scalar(f.get("expires"), "expires");
            try {
                return LocalDate.parse(d);
            } catch (DateTimeParseException e) {
                throw error(f.get("expires"), "expires '" + d + "' is not a date (YYYY-MM-DD)");
            }
        }

        RepeatRule repeat(Node n) {
            MappingNode m = map(n, "a repeats rule");
            Map<String, Node> f = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                f.put(key(t, REPEAT), t.getValueNode());
            }
            String id = id(n, f, "a repeats rule");
            if (!f.containsKey("period")) {
                throw error(n, "repeats rule " + id + " needs a period (e.g. 1h)");
            }
            Duration period = period(f.get("period"));
            List<RepeatRule.KeyField> key = new ArrayList<>();
            for (String k : opt(f, "key")) {
                RepeatRule.KeyField field = RepeatRule.KeyField.of(k);
                if (field == null) {
                    throw error(f.get("key"), "unknown key field '" + k + "' (known: " + String.join(", ",
                            java.util.Arrays.stream(RepeatRule.KeyField.values()).map(x -> x.yamlName).toList()) + ")");
                }
                if (key.contains(field)) {
                    throw error(f.get("key"), "key field '" + k + "' is given twice");
                }
                key.add(field);
            }
            return new RepeatRule(id, scalar(f.get("reason"), "reason").strip(), period, expires(f), line(n),
                    opt(f, "detections"), opt(f, "signals"), List.copyOf(key));
        }

        /** {@code 15m}, {@code 1h}, {@code 1d}: a multiple of 15 minutes that divides a day. */
        private Duration period(Node n) {
            String s = scalar(n, "period");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})([mhd])").matcher(s.strip());
            Duration p = null;
            if (m.matches()) {
                long v = Long.parseLong(m.group(1));
                p = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(v);
                    case "h" -> Duration.ofHours(v);
                    default -> Duration.ofDays(v);
                };
            }
            if (p == null || !RepeatRule.validPeriod(p)) {
                throw error(n, "period '" + s + "' must be minutes (m), hours (h) or 1d: a multiple of 15 minutes "
                        + "that divides a day (15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d)");
            }
            return p;
        }

        private List<String> opt(Map<String, Node> f, String key) {
            return f.containsKey(key) ? strings(f.get(key), key) : List.of();
        }

        private List<Pattern> pats(Map<String, Node> f, String key) {
            return f.containsKey(key) ? patterns(f.get(key), key) : List.of();
        }
    }
}
