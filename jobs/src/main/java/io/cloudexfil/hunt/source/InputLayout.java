package io.cloudexfil.hunt.source;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What lies under an input root, before anything is read:
 * <ul>
 *   <li>{@code ROOT/<Table>/**} — one folder per table (files at any depth), or
 *   <li>{@code ROOT/<Table>.jsonl} (also {@code .json}, {@code .gz}) — one file per table;
 * </ul>
 * data files are {@code *.json}, {@code *.jsonl} and their {@code .gz} forms, one row per line.
 * Folders and files of other Defender tables are skipped and reported; an unknown folder is an
 * error (a mistyped table name must not silently read nothing). Names starting with '.' or '_'
 * are hidden, as everywhere in Flink.
 */
public final class InputLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A data file and its size. */
    public record DataFile(String path, long size) implements Serializable {}

    private final String root;
    private final Map<String, List<DataFile>> filesByTable;
    private final List<String> skipped;

    private InputLayout(String root, Map<String, List<DataFile>> filesByTable, List<String> skipped) {
        this.root = root;
        this.filesByTable = filesByTable;
        this.skipped = skipped;
    }

    /** Thrown for a missing root or an unknown folder: a message for one clear CLI line. */
    public static final class LayoutException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public LayoutException(String message) {
            super(message);
        }
    }

    public static InputLayout scan(String rootUri) throws IOException {
        Path root = new Path(rootUri);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            throw new LayoutException("input " + rootUri + " does not exist");
        }
        FileStatus rootStatus = fs.getFileStatus(root);
        if (!rootStatus.isDir()) {
            throw new LayoutException("input " + rootUri + " is a file; give the folder that holds the table folders");
        }
        Map<String, List<DataFile>> files = new LinkedHashMap<>();
        for (String t : DefenderTables.READ) {
            files.put(t, new ArrayList<>());
        }
        List<String> skipped = new ArrayList<>();
        FileStatus[] children = fs.listStatus(root);
        if (children == null) {
            throw new LayoutException("input " + rootUri + " cannot be listed");
        }
        // sorted: the same input always gives the same splits
        Map<String, FileStatus> sorted = new TreeMap<>();
        for (FileStatus c : children) {
            sorted.put(c.getPath().getName(), c);
        }
        for (FileStatus child : sorted.values()) {
            String name = child.getPath().getName();
            if (isHidden(name)) {
                continue;
            }
            if (child.isDir()) {
                if (DefenderTables.isRead(name)) {
                    collect(fs, child, files.get(name));
                } else if (DefenderTables.isKnown(name)) {
                    skipped.add(name + "/ (table not read by this detection)");
                } else {
                    throw new LayoutException("unknown table folder '" + name + "' in " + rootUri
                            + ": expected one of " + String.join(", ", DefenderTables.READ)
                            + " (or another Defender table, which is skipped)");
                }
            } else {
                String table = tableOfFile(name);
                if (table != null && DefenderTables.isRead(table) && isDataFile(name)) {
                    files.get(table).add(new DataFile(child.getPath().toString(), child.getLen()));
                } else if (table != null && DefenderTables.isKnown(table)) {
                    skipped.add(name + " (table not read by this detection)");
                } else {
                    skipped.add(name + " (not a table file)");
                }
            }
        }
        return new InputLayout(rootUri, files, skipped);
    }

    private static void collect(FileSystem fs, FileStatus dir, List<DataFile> out) throws IOException {
        FileStatus[] children = fs.listStatus(dir.getPath());
        if (children == null) {
            throw new LayoutException("folder " + dir.getPath() + " cannot be listed");
        }
        Map<String, FileStatus> sorted = new TreeMap<>();
        for (FileStatus c : children) {
            sorted.put(c.getPath().getName(), c);
        }
        for (FileStatus c : sorted.values()) {
            String name = c.getPath().getName();
            if (isHidden(name)) {
                continue;
            }
            if (c.isDir()) {
                collect(fs, c, out);
            } else if (isDataFile(name)) {
                out.add(new DataFile(c.getPath().toString(), c.getLen()));
            }
        }
    }

    static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    static boolean isDataFile(String name) {
        String n = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return n.endsWith(".json") || n.endsWith(".jsonl");
    }

    /** {@code DeviceProcessEvents.jsonl.gz} -> {@code DeviceProcessEvents}; null if no table name. */
    static String tableOfFile(String name) {
        int dot = name.indexOf('.');
        return dot <= 0 ? null : name.substring(0, dot);
    }

    public String root() {
        return root;
    }

    public List<DataFile> files(String table) {
        return Collections.unmodifiableList(filesByTable.getOrDefault(table, List.of()));
    }

    /** Entries not read, with the reason, for the run summary. */
    public List<String> skipped() {
        return Collections.unmodifiableList(skipped);
    }
}
