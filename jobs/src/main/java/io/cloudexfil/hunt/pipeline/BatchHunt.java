package io.cloudexfil.hunt.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.detection.SqlFiles;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.source.file.InputLayout;
import io.cloudexfil.hunt.source.stats.RunStats;
import io.cloudexfil.hunt.source.table.CompiledPrefilters;
import io.cloudexfil.hunt.source.table.DefenderConnectorOptions;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.table.api.CompiledPlan;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.PlanReference;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.OptimizerConfigOptions;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One batch hunt: the detection over an input root within a window, alerts sorted by Timestamp
 * descending into {@code OUT/alerts.jsonl}, rejected lines under {@code OUT/_rejected/}.
 */
public final class BatchHunt {

    public static final String ALERTS_FILE = "alerts.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(BatchHunt.class);

    private BatchHunt() {}

    /** @param parseAll parse and check every line (no prefilter): slower, every bad line is found */
    /** @param cluster the session cluster to run on; null: a local cluster in this JVM */
    /** @param showSuppressed keep the alerts the tuning file's allowlist suppressed, in OUT/_suppressed/ */
    /** @param planCache where compiled plans are kept between runs; null: none is kept */
    public record Options(String input, String output, HuntWindow window, DetectionPack detections,
                          int parallelism, String rejectedDir, boolean overwrite, boolean keepDuplicates,
                          boolean parseAll, ClusterTarget cluster, boolean showSuppressed, PlanCache planCache) {

        public Options(String input, String output, HuntWindow window, DetectionPack detections,
                       int parallelism, String rejectedDir, boolean overwrite, boolean keepDuplicates,
                       boolean parseAll, ClusterTarget cluster, boolean showSuppressed) {
            this(input, output, window, detections, parallelism, rejectedDir, overwrite, keepDuplicates, parseAll,
                    cluster, showSuppressed, null);
        }

        public Options withPlanCache(PlanCache cache) {
            return new Options(input, output, window, detections, parallelism, rejectedDir, overwrite, keepDuplicates,
                    parseAll, cluster, showSuppressed, cache);
        }

        public Options(String input, String output, HuntWindow window, DetectionPack detections,
                       int parallelism, String rejectedDir, boolean overwrite, boolean keepDuplicates,
                       boolean parseAll, ClusterTarget cluster) {
            this(input, output, window, detections, parallelism, rejectedDir, overwrite, keepDuplicates, parseAll,
                    cluster, false);
        }

        public Options(String input, String output, HuntWindow window, DetectionPack detections, int parallelism,
                       String rejectedDir, boolean overwrite, boolean keepDuplicates, boolean parseAll) {
            this(input, output, window, detections, parallelism, rejectedDir, overwrite, keepDuplicates, parseAll, null);
        }

        public Options(String input, String output, HuntWindow window, DetectionPack detections, int parallelism,
                       String rejectedDir, boolean overwrite) {
            this(input, output, window, detections, parallelism, rejectedDir, overwrite, false, false);
        }

        public Options(String input, String output, HuntWindow window, DetectionPack detections, int parallelism,
                       String rejectedDir, boolean overwrite, boolean keepDuplicates) {
            this(input, output, window, detections, parallelism, rejectedDir, overwrite, keepDuplicates, false);
        }
    }

    /**
     * @param suppressedByEntry alerts the tuning file's allowlist suppressed, per entry id
     * @param foldedBySignal    alerts the tuning file's repeats rules folded into others (the sum
     *                          of their {@code Repeats} beyond the one each is), per signal
     */
    public record Result(InputLayout layout, Map<String, Long> counters, Map<String, Long> alertsBySignal,
                         long alerts, Duration elapsed, String alertsFile, String rejectedDir, JobID jobId,
                         Map<String, Long> suppressedByEntry, Map<String, Long> foldedBySignal,
                         boolean planRestored) {}

    public static final String SUPPRESSED_DIR = "_suppressed";

    public static Result run(Options o) throws Exception {
        return run(o, (layout, job) -> {});
    }

    /** Told when the job has been submitted: what it reads, and the job (for a progress display). */
    public interface Submitted {
        void submitted(InputLayout layout, JobClient job);
    }

    public static Result run(Options o, Submitted onSubmit) throws Exception {
        long start = System.nanoTime();
        InputLayout layout = InputLayout.scan(o.input(),
                o.window().lower(), o.window().upper(), o.detections().tables());
        // qualified: the tasks of a cluster resolve no path against this process's folder
        Path out = qualified(o.output());
        FileSystem fs = out.getFileSystem();
        prepareOutput(fs, out, o.output(), o.overwrite());
        Path sinkDir = new Path(out, "_alerts-" + UUID.randomUUID());
        String rejectedDir = HuntPipeline.rejectedDir(out, o.rejectedDir() == null ? null
                : qualified(o.rejectedDir()).toString());

        Path suppressedDir = new Path(out, "_suppressed-" + UUID.randomUUID());
        Configuration conf = configuration(o);
        TableEnvironment tEnv = boundTables(o, conf, rejectedDir, sinkDir, suppressedDir);
        String key = PlanCache.key(planDescription(o, conf));
        Optional<String> cached = o.planCache() == null ? Optional.empty() : o.planCache().get(key);
        CompiledPlan plan = null;
        if (cached.isPresent()) {
            try {
                StoredPlan stored = StoredPlan.read(cached.get());
                bindPrefilters(tEnv, stored.prefilters());
                plan = tEnv.loadPlan(PlanReference.fromJsonString(stored.plan()));
            } catch (RuntimeException e) { // another version's, say: plan again
                LOG.warn("cannot restore the compiled plan {}; planning again", key, e);
                o.planCache().remove(key);
                tEnv = boundTables(o, conf, rejectedDir, sinkDir, suppressedDir);
            }
        }
        boolean restored = plan != null;
        if (!restored) {
            StoredPlan compiled;
            try (CompiledPrefilters.Recording recording = CompiledPrefilters.record()) {
                String json = compile(tEnv, o).asJsonString();
                compiled = new StoredPlan(json, recording.options());
            }
            if (o.planCache() != null) {
                o.planCache().put(key, compiled.write());
            }
            // the run executes the plan as a later run restores it: one way through, tested by every run
            bindPrefilters(tEnv, compiled.prefilters());
            plan = tEnv.loadPlan(PlanReference.fromJsonString(compiled.plan()));
        }
        LOG.info("plan {} {}", key, restored ? "restored" : "compiled");
        TableResult insert = plan.execute();
        JobClient job = insert.getJobClient().orElseThrow();
        onSubmit.submitted(layout, job);
        // the input counters come with the job's result (accumulators), wherever its tasks ran
        Map<String, Long> counters = RunStats.fromAccumulators(
                job.getJobExecutionResult().get().getAllAccumulatorResults());
        JobID jobId = job.getJobID();

        Path alertsFile = new Path(out, ALERTS_FILE);
        collectInto(fs, sinkDir, alertsFile);
        Map<String, Long> bySignal = countBySignal(fs, alertsFile);
        long total = bySignal.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> folded = o.detections().repeats().isEmpty() ? Map.of() : foldedBySignal(fs, alertsFile);
        Map<String, Long> suppressed = new TreeMap<>();
        if (tuned(o)) {
            Path kept = new Path(new Path(out, SUPPRESSED_DIR), "suppressed.jsonl");
            collectInto(fs, suppressedDir, kept);
            suppressed = countBy(fs, kept, "SuppressedBy");
            if (!o.showSuppressed()) {
                fs.delete(new Path(out, SUPPRESSED_DIR), true);
            }
        }
        return new Result(layout, counters, bySignal, total, Duration.ofNanos(System.nanoTime() - start),
                // as the user named them (a relative path stays relative)
                new Path(new Path(o.output()), ALERTS_FILE).toString(),
                o.rejectedDir() != null ? o.rejectedDir() : new Path(new Path(o.output()), "_rejected").toString(), jobId,
                suppressed, folded, restored);
    }

    /**
     * A compiled plan as kept between runs: Flink's plan JSON, and per table the line prefilter
     * its scans had ({@link CompiledPrefilters}), which the plan itself does not keep.
     */
    record StoredPlan(String plan, Map<String, String> prefilters) {

        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        String write() {
            com.fasterxml.jackson.databind.node.ObjectNode node = JSON.createObjectNode();
            node.set("prefilters", JSON.valueToTree(prefilters));
            node.put("plan", plan);
            return node.toString();
        }

        static StoredPlan read(String stored) {
            try {
                com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(stored);
                if (!node.path("plan").isTextual() || !node.path("prefilters").isObject()) {
                    throw new IllegalArgumentException("not a stored plan");
                }
                Map<String, String> prefilters = new TreeMap<>();
                node.get("prefilters").fields().forEachRemaining(f -> prefilters.put(f.getKey(), f.getValue().asText()));
                return new StoredPlan(node.get("plan").asText(), prefilters);
            } catch (IOException e) {
                throw new IllegalArgumentException("not a stored plan: " + e.getMessage(), e);
            }
        }
    }

    private static void bindPrefilters(TableEnvironment tEnv, Map<String, String> prefilters) {
        prefilters.forEach((table, option) -> TableBindings.bind(tEnv, table,
                Map.of(DefenderConnectorOptions.PREFILTER_COMPILED.key(), option)));
    }

    /**
     * Plans the run's statements: the detections' views over the bound tables, then the inserts
     * (one job: the alerts and, with an allowlist, those it suppressed).
     */
    private static CompiledPlan compile(TableEnvironment tEnv, Options o) {
        defineAlerts(tEnv, o);
        if (tuned(o)) {
            StatementSet set = tEnv.createStatementSet();
            set.addInsertSql(SqlFiles.statement("sql/sinks/insert_alerts_sorted.sql"));
            set.addInsertSql(SqlFiles.statement("sql/sinks/insert_suppressed.sql"));
            return set.compilePlan();
        }
        return tEnv.compilePlanSql(SqlFiles.statement("sql/sinks/insert_alerts_sorted.sql"));
    }

    /**
     * What a compiled plan of the run is made from, all but the values it takes from the catalog
     * and the function instances at run time (paths, window): the code, Flink, the SQL, the
     * detections' parameters and tuning, the configuration and the options that change the SQL.
     */
    static String planDescription(Options o, Configuration conf) {
        StringBuilder d = new StringBuilder();
        d.append("flink ").append(EnvironmentInformation.getVersion()).append('\n');
        d.append("code ").append(codeIdentity()).append('\n');
        d.append("detections ").append(o.detections().ids()).append('\n');
        d.append("tables ").append(o.detections().tables()).append('\n');
        d.append("lists ").append(o.detections().lists()).append('\n');
        d.append("longs ").append(o.detections().longs()).append('\n');
        d.append("allowlist ").append(o.detections().allowlist()).append('\n');
        d.append("repeats ").append(o.detections().repeats()).append('\n');
        d.append("parallelism ").append(o.parallelism()).append(" keep-duplicates ").append(o.keepDuplicates())
                .append(" parse-all ").append(o.parseAll()).append(" tuned ").append(tuned(o)).append('\n');
        d.append("configuration ").append(new TreeMap<>(conf.toMap())).append('\n');
        java.util.List<String> sql = new java.util.ArrayList<>(java.util.List.of("sql/functions.sql",
                "sql/sinks/Alerts.sql", "sql/sinks/SuppressedAlerts.sql", "sql/sinks/all_alerts.sql",
                "sql/sinks/unique_alerts.sql", "sql/sinks/insert_alerts_sorted.sql", "sql/sinks/insert_suppressed.sql",
                "sql/tuning/checked_alerts.sql", "sql/tuning/every_alert.sql", "sql/tuning/keyed_alerts.sql",
                "sql/tuning/repeat_groups.sql", "sql/tuning/folded_alerts.sql"));
        o.detections().tables().forEach(t -> sql.add("sql/tables/" + t + ".sql"));
        o.detections().detections().forEach(det -> sql.addAll(det.statementResources()));
        for (String resource : sql) {
            d.append(resource).append(' ').append(PlanCache.key(SqlFiles.read(resource))).append('\n');
        }
        return d.toString();
    }

    /** The application's jar (path, size, time), or its classes folder when run from one. */
    private static String codeIdentity() {
        try {
            java.nio.file.Path code = java.nio.file.Path.of(
                    BatchHunt.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return java.nio.file.Files.isRegularFile(code)
                    ? code + " " + java.nio.file.Files.size(code) + " " + java.nio.file.Files.getLastModifiedTime(code)
                    : code.toString();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The plan of the run {@link #run} would make, as Flink's EXPLAIN prints it; nothing is read or written. */
    public static String explain(Options o) {
        Path out = new Path(o.output());
        String rejectedDir = o.rejectedDir() != null ? o.rejectedDir() : new Path(out, "_rejected").toString();
        // planning the file sink makes its folder: a temporary one, removed, so OUT stays as it was
        Path sinkDir = new Path(new Path(System.getProperty("java.io.tmpdir")), "hunt-explain-" + UUID.randomUUID());
        try {
            TableEnvironment tEnv = boundTables(o, configuration(o), rejectedDir, sinkDir, new Path(sinkDir, "suppressed"));
            defineAlerts(tEnv, o);
            return tEnv.explainSql(SqlFiles.statement("sql/sinks/insert_alerts_sorted.sql"));
        } finally {
            try {
                sinkDir.getFileSystem().delete(sinkDir, true);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(BatchHunt.class).warn("cannot remove {}", sinkDir, e);
            }
        }
    }

    private static boolean tuned(Options o) {
        return !o.detections().allowlist().isEmpty();
    }

    /**
     * The run's Flink configuration. Its plans are compiled to JSON and restored: tables and
     * functions are kept by name (their options and instances come from this run's catalog), and
     * the two batch optimisations whose operators Flink 2.3 cannot write into a plan are off
     * (multiple-input operators, adaptive joins; the detections' joins are small).
     */
    private static Configuration configuration(Options o) {
        Configuration conf = HuntPipeline.baseConfiguration(o.parallelism());
        if (o.cluster() != null) {
            o.cluster().applyTo(conf, true);
        }
        conf.set(TableConfigOptions.PLAN_COMPILE_CATALOG_OBJECTS, TableConfigOptions.CatalogPlanCompilation.IDENTIFIER);
        conf.set(OptimizerConfigOptions.TABLE_OPTIMIZER_MULTIPLE_INPUT_ENABLED, false);
        conf.set(OptimizerConfigOptions.TABLE_OPTIMIZER_ADAPTIVE_BROADCAST_JOIN_STRATEGY,
                OptimizerConfigOptions.AdaptiveBroadcastJoinStrategy.NONE);
        conf.set(OptimizerConfigOptions.TABLE_OPTIMIZER_ADAPTIVE_SKEWED_JOIN_OPTIMIZATION_STRATEGY,
                OptimizerConfigOptions.AdaptiveSkewedJoinOptimizationStrategy.NONE);
        return conf;
    }

    /** The detections' views and the alerts to report, over the tables {@link #boundTables} declared. */
    private static void defineAlerts(TableEnvironment tEnv, Options o) {
        HuntPipeline.alerts(tEnv, o.detections());
        HuntPipeline.outputAlerts(tEnv, o.keepDuplicates(), o.detections());
    }

    /**
     * Functions, parameters and the run's tables (sources and sinks) bound to its paths: all a
     * compiled plan needs to run.
     */
    private static TableEnvironment boundTables(Options o, Configuration conf, String rejectedDir, Path sinkDir,
                                                Path suppressedDir) {
        TableEnvironment tEnv = TableEnvironment.create(
                EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
        tEnv.getConfig().setLocalTimeZone(ZoneId.of("UTC"));
        HuntPipeline.registerFunctions(tEnv);
        HuntPipeline.registerParameters(tEnv, o.detections(), o.window());
        HuntPipeline.registerTables(tEnv,
                new HuntPipeline.InputBinding(o.input(), rejectedDir, o.window())
                        .parsingAll(o.parseAll()), o.detections().tables());
        HuntPipeline.runReads(tEnv, o.detections().tables());
        SqlFiles.execute(tEnv, "sql/sinks/Alerts.sql");
        // one writer after the global sort keeps the file in order
        TableBindings.bind(tEnv, "Alerts", Map.of("path", sinkDir.toString(), "sink.parallelism", "1"));
        if (tuned(o)) {
            SqlFiles.execute(tEnv, "sql/sinks/SuppressedAlerts.sql");
            TableBindings.bind(tEnv, "SuppressedAlerts", Map.of("path", suppressedDir.toString(), "sink.parallelism", "1"));
        }
        return tEnv;
    }

    /** A path with its scheme and, for a local one, absolute. */
    public static Path qualified(String path) throws IOException {
        Path p = new Path(path);
        return p.makeQualified(p.getFileSystem());
    }

    /** @param named the output as the user named it, for messages */
    private static void prepareOutput(FileSystem fs, Path out, String named, boolean overwrite) throws IOException {
        if (!fs.exists(out)) {
            fs.mkdirs(out);
            return;
        }
        if (!fs.getFileStatus(out).isDir()) {
            throw new IllegalArgumentException("output " + named + " is a file, not a folder");
        }
        FileStatus[] children = fs.listStatus(out);
        if (children != null && children.length > 0) {
            if (!overwrite) {
                throw new IllegalArgumentException("output " + named + " is not empty (use --overwrite to replace its alerts)");
            }
            for (FileStatus c : children) {
                String name = c.getPath().getName();
                if (name.equals(ALERTS_FILE) || name.equals("_rejected") || name.startsWith("_alerts-")
                        || name.equals(SUPPRESSED_DIR) || name.startsWith("_suppressed-") || name.startsWith("_stats-")) {
                    fs.delete(c.getPath(), true);
                }
            }
        }
    }

    /** Moves the sink's part files (one, after the sorted single-writer insert) into one file. */
    private static void collectInto(FileSystem fs, Path sinkDir, Path target) throws IOException {
        FileStatus[] parts = fs.exists(sinkDir) ? fs.listStatus(sinkDir) : new FileStatus[0];
        List<FileStatus> files = Arrays.stream(parts == null ? new FileStatus[0] : parts)
                .filter(s -> !s.isDir() && !s.getPath().getName().startsWith("."))
                .sorted(Comparator.comparing(s -> s.getPath().getName()))
                .toList();
        if (files.size() == 1) {
            fs.rename(files.get(0).getPath(), target);
        } else {
            try (OutputStream os = fs.create(target, FileSystem.WriteMode.OVERWRITE)) {
                for (FileStatus f : files) {
                    try (InputStream in = fs.open(f.getPath())) {
                        in.transferTo(os);
                    }
                }
            }
        }
        fs.delete(sinkDir, true);
    }

    static Map<String, Long> countBySignal(FileSystem fs, Path alertsFile) throws IOException {
        return countBy(fs, alertsFile, "Signal");
    }

    /** Per signal, the alerts folded into others: each alert's Repeats beyond itself. */
    static Map<String, Long> foldedBySignal(FileSystem fs, Path alertsFile) throws IOException {
        Map<String, Long> folded = new TreeMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (InputStream in = fs.open(alertsFile);
             com.fasterxml.jackson.databind.MappingIterator<com.fasterxml.jackson.databind.JsonNode> it =
                     json.readerFor(com.fasterxml.jackson.databind.JsonNode.class).readValues(in)) {
            while (it.hasNext()) {
                com.fasterxml.jackson.databind.JsonNode a = it.next();
                long more = a.path("Repeats").asLong(1) - 1;
                if (more > 0) {
                    folded.merge(a.path("Signal").asText(), more, Long::sum);
                }
            }
        }
        return folded;
    }

    /** Alerts per value of one of their top-level string fields. */
    static Map<String, Long> countBy(FileSystem fs, Path alertsFile, String field) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        JsonFactory factory = new JsonFactory();
        try (InputStream in = fs.open(alertsFile); JsonParser p = factory.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals(field) && p.getParsingContext().getParent().inRoot()) {
                    p.nextToken();
                    counts.merge(p.getText(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }
}
