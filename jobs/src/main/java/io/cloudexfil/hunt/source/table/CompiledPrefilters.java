package io.cloudexfil.hunt.source.table;

import io.cloudexfil.hunt.source.prefilter.LinePrefilter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The prefilters of a compiled plan, for the plan's restoration. A compiled plan keeps only the
 * filter a source accepted (the hunt window, see {@link ScanGroups}); the rest of each scan's
 * filter, from which its line prefilter is made, is recorded while the plan is compiled and given
 * back to the restored sources through the table option {@code prefilter.compiled}. Without it a
 * restored scan would parse every line: the same alerts, several times slower.
 */
public final class CompiledPrefilters {

    private static final ThreadLocal<Recording> RECORDING = new ThreadLocal<>();

    private CompiledPrefilters() {}

    /** Records, on this thread (where Flink plans), the scan groups of the plans compiled until it is closed. */
    public static Recording record() {
        Recording r = new Recording();
        RECORDING.set(r);
        return r;
    }

    /** A source that accepted {@code accepted} of a filter on {@code table} records in {@code group}. */
    static void recorded(String table, String accepted, ScanGroups group) {
        Recording r = RECORDING.get();
        if (r != null) {
            r.groups.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(accepted, group);
        }
    }

    /** The scan groups recorded while a plan was compiled. */
    public static final class Recording implements AutoCloseable {

        private final Map<String, Map<String, ScanGroups>> groups = new TreeMap<>();

        /** Per table, the value of its {@code prefilter.compiled} option. */
        public Map<String, String> options() {
            Map<String, String> options = new TreeMap<>();
            groups.forEach((table, byAccepted) -> {
                HashMap<String, LinePrefilter> prefilters = new HashMap<>();
                byAccepted.forEach((accepted, group) -> prefilters.put(accepted, group.combined()));
                options.put(table, encode(prefilters));
            });
            return options;
        }

        @Override
        public void close() {
            RECORDING.remove();
        }
    }

    /** Per accepted filter (its printed form), the prefilter of the scans that accepted it (null: none). */
    static String encode(HashMap<String, LinePrefilter> prefilters) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(prefilters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The prefilters of a {@code prefilter.compiled} option value, per accepted filter (also read by benchmarks). */
    @SuppressWarnings("unchecked")
    public static Map<String, LinePrefilter> decode(String option) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(option)))) {
            return (Map<String, LinePrefilter>) in.readObject();
        } catch (IOException | ClassNotFoundException | IllegalArgumentException | ClassCastException e) {
            throw new org.apache.flink.table.api.ValidationException(
                    "defender connector: 'prefilter.compiled' is not a prefilter this version wrote", e);
        }
    }
}
