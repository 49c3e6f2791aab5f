package io.cloudexfil.hunt.source.file;

import io.cloudexfil.hunt.source.DefenderTables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * What lies under an input root, before anything is read. Layouts, recognised by folder name
 * (sql/tables/README.md §8):
 * <ul>
 *   <li>flat: {@code ROOT/<Table>/**} or {@code ROOT/<Table>.jsonl}, one row per line;
 *   <li>Defender streaming-API storage export: {@code ROOT/insights-logs-advancedhunting-<table>/tenantId=…/y=…/m=…/d=…/h=…/m=00/PT1H.json};
 *   <li>Sentinel / Log Analytics export: {@code ROOT/am-<Table>/WorkspaceResourceId=…/y=…/…/PT05M.json};
 *   <li>anything else whose first line is an envelope, a Sentinel row or an Event Hubs
 *       {@code {"records":[…]}} message: a mixed folder (or file), routed line by line and read by
 *       every table's source.
 * </ul>
 * A folder of an unknown name holding flat rows is an error (a mistyped table name must not
 * silently read nothing); folders of other Defender tables, and of tables this product reads but
 * this run does not (its detections need other tables), are skipped and reported. With a window, folders whose partition path time ({@code y=/m=/d=/h=}) cannot hold an
 * event of the window are not listed at all (see {@link PathTime}). Data files are {@code *.json},
 * {@code *.jsonl} and their {@code .gz} forms; names starting with '.' or '_' are hidden.
 */
public final class InputLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Exports file events by a time that trails the event: keep this much after the window's end. */
    public static final Duration PATH_TIME_MARGIN = Duration.ofHours(1);

    static final String DEFENDER_CONTAINER = "insights-logs-advancedhunting-";
    static final String SENTINEL_CONTAINER = "am-";

    /** A data file, its size, and the table it is dedicated to (null: mixed, read by every table). */
    public record DataFile(String path, long size, String table) implements Serializable {}

    private final String root;
    /** The tables this run reads, in {@link DefenderTables#READ}'s order. */
    private final List<String> tables;
    private final List<DataFile> files;
    private final List<String> skipped;
    private final int prunedFolders;
    private final List<String> problems;

    private InputLayout(String root, List<String> tables, List<DataFile> files, List<String> skipped,
                        int prunedFolders, List<String> problems) {
        this.tables = tables;
        this.problems = problems;
        this.root = root;
        this.files = files;
        this.skipped = skipped;
        this.prunedFolders = prunedFolders;
    }

    /** Thrown for a missing root or an unknown folder: a message for one clear CLI line. */
    public static final class LayoutException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public LayoutException(String message) {
            super(message);
        }
    }

    public static InputLayout scan(String rootUri) throws IOException {
        return scan(rootUri, null, null);
    }

    /** Scans with a window [from, to) (either may be null) for partition pruning. */
    public static InputLayout scan(String rootUri, Instant from, Instant to) throws IOException {
        return scan(rootUri, from, to, false);
    }

    /**
     * @param lenient for a watched folder: an unknown folder that appears while a stream runs is
     *     skipped and reported instead of stopping the job
     */
    public static InputLayout scan(String rootUri, Instant from, Instant to, boolean lenient) throws IOException {
        return scan(rootUri, from, to, lenient, DefenderTables.READ);
    }

    /**
     * Scans for a run that reads only some of the tables: the folders and files dedicated to the
     * others are skipped and reported, as those of Defender tables the product does not read.
     */
    public static InputLayout scan(String rootUri, java.util.Collection<String> tables) throws IOException {
        return scan(rootUri, null, null, false, tables);
    }

    /** Scans with a window, for a run that reads only {@code tables}. */
    public static InputLayout scan(String rootUri, Instant from, Instant to, java.util.Collection<String> tables)
            throws IOException {
        return scan(rootUri, from, to, false, tables);
    }

    /**
     * @param tables the tables this run reads (of {@link DefenderTables#READ})
     */
    public static InputLayout scan(String rootUri, Instant from, Instant to, boolean lenient,
                                   java.util.Collection<String> tables) throws IOException {
        List<String> runTables = DefenderTables.runTables(tables);
        Path root = new Path(rootUri);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            throw new LayoutException("input " + rootUri + " does not exist");
        }
        if (!fs.getFileStatus(root).isDir()) {
            throw new LayoutException("input " + rootUri + " is a file; give the folder that holds the table folders");
        }
        Scan scan = new Scan(fs, from, to, runTables);
        for (FileStatus child : scan.list(root)) {
            String name = child.getPath().getName();
            if (child.isDir()) {
                try {
                    scan.topFolder(child, name);
                } catch (LayoutException e) {
                    if (!lenient) {
                        throw e;
                    }
                    scan.skipped.add(name + "/ (" + e.getMessage() + ")");
                    scan.problems.add(e.getMessage());
                }
            } else {
                scan.topFile(child, name);
            }
        }
        return new InputLayout(rootUri, runTables, scan.files, scan.skipped, scan.pruned, scan.problems);
    }

    private static final class Scan {
        final FileSystem fs;
        final Instant from;
        final Instant to;
        final List<String> tables;
        final List<DataFile> files = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int pruned;

        Scan(FileSystem fs, Instant from, Instant to, List<String> tables) {
            this.tables = tables;
            this.fs = fs;
            this.from = from;
            this.to = to;
        }

        void topFolder(FileStatus dir, String name) throws IOException {
            String table = tableOfFolder(name);
            if (table != null) {
                if (tables.contains(table)) {
                    collect(dir, table, PathTime.Span.ROOT);
                } else {
                    skipped.add(name + "/ (table " + table + " " + notRead(table) + ")");
                }
                return;
            }
            List<DataFile> found = new ArrayList<>();
            int before = files.size();
            collect(dir, null, PathTime.Span.ROOT);
            found.addAll(files.subList(before, files.size()));
            if (found.isEmpty()) {
                if (!looksLikeTableName(name)) {
                    skipped.add(name + "/ (no data files)");
                    return;
                }
            } else if (isMixed(found.get(0).path())) {
                return;
            }
            files.subList(before, files.size()).clear();
            throw new LayoutException("unknown table folder '" + name + "': expected one of "
                    + String.join(", ", DefenderTables.READ) + ", insights-logs-advancedhunting-<table>, am-<Table>, "
                    + "another Defender table (skipped), or a folder of envelope/Event Hubs records");
        }

        void topFile(FileStatus file, String name) throws IOException {
            String table = tableOfFile(name);
            if (!isDataFile(name)) {
                skipped.add(name + " (not a data file)");
            } else if (table != null && tables.contains(table)) {
                files.add(new DataFile(file.getPath().toString(), file.getLen(), table));
            } else if (table != null) {
                skipped.add(name + " (table " + table + " " + notRead(table) + ")");
            } else if (isMixed(file.getPath().toString())) {
                files.add(new DataFile(file.getPath().toString(), file.getLen(), null));
            } else {
                skipped.add(name + " (not named after a table and not envelope records)");
            }
        }

        void collect(FileStatus dir, String table, PathTime.Span span) throws IOException {
            for (FileStatus c : list(dir.getPath())) {
                String name = c.getPath().getName();
                if (c.isDir()) {
                    PathTime.Span inner = span.enter(name);
                    if (!inner.mayHold(from, to, PATH_TIME_MARGIN)) {
                        pruned++;
                        continue;
                    }
                    collect(c, table, inner);
                } else if (isDataFile(name)) {
                    files.add(new DataFile(c.getPath().toString(), c.getLen(), table));
                }
            }
        }

        /** Why a table's data is not read. */
        String notRead(String table) {
            return DefenderTables.isRead(table) ? "is not read by this run's detections" : "is not read by this detection";
        }

        /** Visible children, sorted by name: the same input always gives the same splits. */
        List<FileStatus> list(Path dir) throws IOException {
            FileStatus[] children = fs.listStatus(dir);
            if (children == null) {
                throw new LayoutException("folder " + dir + " cannot be listed");
            }
            Map<String, FileStatus> sorted = new TreeMap<>();
            for (FileStatus c : children) {
                if (!isHidden(c.getPath().getName())) {
                    sorted.put(c.getPath().getName(), c);
                }
            }
            return new ArrayList<>(sorted.values());
        }
    }

    /**
     * The table a data file under {@code root} is dedicated to (by its top-level folder or its
     * name at the root), or null for a mixed file read by every table.
     */
    public static String tableOfPath(String root, String filePath) {
        String r = new Path(root).toUri().getPath();
        String f = new Path(filePath).toUri().getPath();
        if (!r.endsWith("/")) {
            r = r + "/";
        }
        if (!f.startsWith(r)) {
            return null;
        }
        String rel = f.substring(r.length());
        int slash = rel.indexOf('/');
        if (slash < 0) {
            String t = tableOfFile(rel);
            return t != null && DefenderTables.isRead(t) ? t : null;
        }
        return tableOfFolder(rel.substring(0, slash));
    }

    /** The table a top-level folder is dedicated to, or null if its name names none. */
    static String tableOfFolder(String name) {
        if (DefenderTables.isKnown(name)) {
            return name;
        }
        if (name.toLowerCase(Locale.ROOT).startsWith(DEFENDER_CONTAINER)) {
            String suffix = name.substring(DEFENDER_CONTAINER.length());
            for (String t : DefenderTables.all()) {
                if (t.equalsIgnoreCase(suffix)) {
                    return t;
                }
            }
            return null;
        }
        if (name.startsWith(SENTINEL_CONTAINER) && DefenderTables.isKnown(name.substring(SENTINEL_CONTAINER.length()))) {
            return name.substring(SENTINEL_CONTAINER.length());
        }
        return null;
    }

    private static boolean looksLikeTableName(String name) {
        return name.matches("[A-Z][A-Za-z]*(Events|Info)");
    }

    /** Whether a file's first non-blank line is an envelope, a Sentinel row or an Event Hubs message. */
    static boolean isMixed(String path) throws IOException {
        Path p = new Path(path);
        try (FSDataInputStream raw = p.getFileSystem().open(p);
             InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = new ObjectMapper().readTree(line.startsWith("\uFEFF") ? line.substring(1) : line);
                    return n != null && n.isObject()
                            && (n.has("records") || (n.has("category") && n.has("properties")) || n.has("Type"));
                } catch (IOException e) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // unreadable here: let the reader count it
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
        String t = dot <= 0 ? null : name.substring(0, dot);
        return t != null && DefenderTables.isKnown(t) ? t : null;
    }

    public String root() {
        return root;
    }

    /** The tables this run reads, in {@link DefenderTables#READ}'s order. */
    public List<String> tables() {
        return tables;
    }

    /**
     * The files a table's source reads: those dedicated to it and every mixed file; none for a
     * table this run does not read.
     */
    public List<DataFile> files(String table) {
        List<DataFile> out = new ArrayList<>();
        if (!tables.contains(table)) {
            return out;
        }
        for (DataFile f : files) {
            if (f.table() == null || f.table().equals(table)) {
                out.add(f);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Entries not read, with the reason, for the run summary. */
    public List<String> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    /**
     * In a lenient scan (a watched folder), the layout errors a strict scan would have thrown, such
     * as an unknown table folder: those folders are not read.
     */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** Partition folders not listed because their path time lies outside the window. */
    public int prunedFolders() {
        return prunedFolders;
    }
}
