package io.cloudexfil.hunt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.kql.HasAny;
import io.cloudexfil.kql.InCi;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The DuckDB side of the backfill benchmark, run by {@link BackfillBenchmark} in its own JVM so that
 * its peak RSS is measured as hunt's is. DuckDB runs in process (JDBC) with a fixed number of
 * threads over the same files, with the detection's lists from detection.yml turned into regexes by
 * {@link KqlRegex}; the SQL is the resource {@code duckdb/exfiltration_cloud_storage.sql} with the
 * macro of {@code duckdb/kql_has_any.sql}.
 *
 * <p>Steps: connect (timed, reported apart), bind the variables, check the patterns inside DuckDB
 * against the product's functions over an edge-case corpus (not timed; any difference stops the
 * run), then the query, timed from execution to the last row read. Results go to stdout as
 * {@code duckdb.<key> <value>} lines, and the alerts to a JSON-lines file.
 *
 * <p>Usage: {@code DuckDbBackfill ROOT FROM TO THREADS ALERTS_FILE}
 */
public final class DuckDbBackfill {

    private static final String PROCESS = "DeviceProcessEvents";
    private static final String NETWORK = "DeviceNetworkEvents";
    private static final List<String> HAS_ANY_LISTS =
            List.of("CloudStorageDomains", "CloudSyncBinaries", "SyncToolCommands", "UploadIndicators");
    private static final Pattern SET_VARIABLE = Pattern.compile("SET VARIABLE (\\w+) = \\?;?");

    private DuckDbBackfill() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: DuckDbBackfill ROOT FROM TO THREADS ALERTS_FILE");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        int threads = Integer.parseInt(args[3]);
        Path alertsFile = Path.of(args[4]);
        Detection detection = Detection.load(Detection.DEFAULT);

        Properties config = new Properties();
        config.setProperty("threads", Integer.toString(threads));
        long c0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", config)) {
            long c1 = System.nanoTime();
            out("connect_s", seconds(c1 - c0));
            out("version", c.getMetaData().getDatabaseProductVersion());
            out("threads", Integer.toString(threads));

            Map<String, Object> values = new LinkedHashMap<>();
            values.put("process_files", array(c, dataFiles(root.resolve(PROCESS))));
            values.put("network_files", array(c, dataFiles(root.resolve(NETWORK))));
            values.put("window_from", args[1]);
            values.put("window_to", args[2]);
            for (String list : HAS_ANY_LISTS) {
                values.put(list, KqlRegex.hasAny(detection.lists().get(list)));
                values.put(list + "_candidates", KqlRegex.hasAnyCandidates(detection.lists().get(list)));
            }
            values.put("ApiUploadBinaries", array(c, KqlRegex.foldAll(detection.lists().get("ApiUploadBinaries"))));
            values.put("LargeUploadMinBytes", detection.longs().get("LargeUploadMinBytes"));
            long s0 = System.nanoTime();
            bind(c, values);
            try (Statement s = c.createStatement()) {
                s.execute(resource("kql_has_any.sql"));
            }
            int checked = selfCheck(c, detection);
            out("self_check", checked + " texts x 5 lists agree with the product's has_any/in_ci");
            out("setup_s", seconds(System.nanoTime() - s0));

            Map<String, Long> bySignal = new TreeMap<>();
            ObjectMapper json = new ObjectMapper();
            long q0 = System.nanoTime();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(resource("exfiltration_cloud_storage.sql"));
                 BufferedWriter w = Files.newBufferedWriter(alertsFile, StandardCharsets.UTF_8)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    ObjectNode row = json.createObjectNode();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        if (v == null) {
                            row.putNull(md.getColumnLabel(i));
                        } else if (v instanceof Number n) {
                            row.put(md.getColumnLabel(i), n.longValue());
                        } else {
                            row.put(md.getColumnLabel(i), v.toString());
                        }
                    }
                    bySignal.merge(row.get("Signal").asText(), 1L, Long::sum);
                    w.write(json.writeValueAsString(row));
                    w.write('\n');
                }
            }
            long q1 = System.nanoTime();
            out("query_s", seconds(q1 - q0));
            bySignal.forEach((signal, n) -> out("alerts", signal + " " + n));
        }
    }

    /** Binds every value to its line of variables.sql; a missing or extra name is an error. */
    static void bind(Connection c, Map<String, Object> values) throws SQLException {
        Set<String> unbound = new LinkedHashSet<>(values.keySet());
        for (String line : resource("variables.sql").split("\n")) {
            String stmt = line.strip();
            if (stmt.isEmpty() || stmt.startsWith("--")) {
                continue;
            }
            Matcher m = SET_VARIABLE.matcher(stmt);
            if (!m.matches() || !values.containsKey(m.group(1))) {
                throw new IllegalStateException("variables.sql: no value for '" + stmt + "'");
            }
            try (PreparedStatement ps = c.prepareStatement(stmt.endsWith(";") ? stmt.substring(0, stmt.length() - 1) : stmt)) {
                ps.setObject(1, values.get(m.group(1)));
                ps.execute();
            }
            unbound.remove(m.group(1));
        }
        if (!unbound.isEmpty()) {
            throw new IllegalStateException("variables.sql has no line for " + unbound);
        }
    }

    /**
     * Evaluates the bound patterns and in~ values in DuckDB over edge cases and compares each
     * answer with the product's {@code has_any} and {@code in_ci}. Returns the number of texts.
     */
    static int selfCheck(Connection c, Detection detection) throws SQLException {
        List<String> corpus = SelfCheckCorpus.texts(detection.lists());
        try (Statement s = c.createStatement()) {
            s.execute(resource("self_check_corpus.sql"));
        }
        try (PreparedStatement ins = c.prepareStatement(resource("insert_corpus.sql"))) {
            for (int i = 0; i < corpus.size(); i++) {
                ins.setInt(1, i);
                ins.setString(2, corpus.get(i));
                ins.addBatch();
            }
            ins.executeBatch();
        }
        HasAny hasAny = new HasAny();
        InCi inCi = new InCi();
        Map<String, String[]> lists = new LinkedHashMap<>();
        detection.lists().forEach((k, v) -> lists.put(k, v.toArray(new String[0])));
        List<String> differences = new ArrayList<>();
        int rows = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(resource("self_check.sql"))) {
            while (rs.next()) {
                String text = corpus.get(rs.getInt("id"));
                for (String list : HAS_ANY_LISTS) {
                    boolean expected = hasAny.eval(text, lists.get(list));
                    if (rs.getBoolean(list) != expected) {
                        differences.add(list + ": DuckDB " + !expected + ", product " + expected + " for " + quote(text));
                    }
                }
                boolean expected = inCi.eval(text, lists.get("ApiUploadBinaries"));
                if (rs.getBoolean("ApiUploadBinaries") != expected) {
                    differences.add("ApiUploadBinaries (in~): DuckDB " + !expected + ", product " + expected + " for " + quote(text));
                }
                rows++;
            }
        }
        if (rows != corpus.size() || !differences.isEmpty()) {
            differences.stream().limit(10).forEach(d -> System.err.println("self-check: " + d));
            throw new IllegalStateException("DuckDB patterns disagree with the product on " + differences.size()
                    + " of " + corpus.size() + " edge cases (rows read " + rows + ")");
        }
        return rows;
    }

    private static String quote(String s) {
        return '"' + s.replace("\n", "\\n").replace("\t", "\\t") + '"';
    }

    private static List<String> dataFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }

    private static Array array(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("VARCHAR", values.toArray());
    }

    static String resource(String name) {
        try (InputStream in = DuckDbBackfill.class.getResourceAsStream("/duckdb/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource duckdb/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static void out(String key, String value) {
        System.out.println("duckdb." + key + " " + value);
    }
}
