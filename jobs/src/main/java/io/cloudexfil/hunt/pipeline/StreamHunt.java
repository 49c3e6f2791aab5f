package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.detection.SqlFiles;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.source.file.InputLayout;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.ExecutionConfigOptions;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Continuous detection: the same SQL files as {@link BatchHunt}, over a watched folder, with event
 * time, checkpoints and an exactly-once file sink. Differs from batch only in bindings: the source
 * watches its root, the alerts are appended (arrival order) and committed at checkpoints, and the
 * de-duplication state expires after {@code dedupeTtl}.
 */
public final class StreamHunt {

    public static final String ALERTS_DIR = "alerts";
    public static final String CHECKPOINTS_DIR = "_checkpoints";

    /** How long a source subtask may read nothing before the watermark moves on without it. */
    public static final Duration SOURCE_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private StreamHunt() {}

    public record Options(String input, String output, HuntWindow window, DetectionPack detections, int parallelism,
                          Duration checkpointInterval, Duration outOfOrderness, Duration monitorInterval,
                          Duration dedupeTtl, String restorePath, String rejectedDir, boolean keepDuplicates,
                          boolean bounded, KafkaIn kafkaIn, KafkaOut kafkaOut, ClusterTarget cluster,
                          boolean showSuppressed) {

        public Options(String input, String output, HuntWindow window, DetectionPack detections, int parallelism,
                       Duration checkpointInterval, Duration outOfOrderness, Duration monitorInterval,
                       Duration dedupeTtl, String restorePath, String rejectedDir, boolean keepDuplicates,
                       boolean bounded, KafkaIn kafkaIn, KafkaOut kafkaOut, ClusterTarget cluster) {
            this(input, output, window, detections, parallelism, checkpointInterval, outOfOrderness, monitorInterval,
                    dedupeTtl, restorePath, rejectedDir, keepDuplicates, bounded, kafkaIn, kafkaOut, cluster, false);
        }

        public Options(String input, String output, HuntWindow window, DetectionPack detections, int parallelism,
                       Duration checkpointInterval, Duration outOfOrderness, Duration monitorInterval,
                       Duration dedupeTtl, String restorePath, String rejectedDir, boolean keepDuplicates,
                       boolean bounded, KafkaIn kafkaIn, KafkaOut kafkaOut) {
            this(input, output, window, detections, parallelism, checkpointInterval, outOfOrderness, monitorInterval,
                    dedupeTtl, restorePath, rejectedDir, keepDuplicates, bounded, kafkaIn, kafkaOut, null);
        }

        public Options(String input, String output, HuntWindow window, DetectionPack detections, int parallelism,
                       Duration checkpointInterval, Duration outOfOrderness, Duration monitorInterval,
                       Duration dedupeTtl, String restorePath, String rejectedDir, boolean keepDuplicates,
                       boolean bounded) {
            this(input, output, window, detections, parallelism, checkpointInterval, outOfOrderness, monitorInterval,
                    dedupeTtl, restorePath, rejectedDir, keepDuplicates, bounded, null, null, null);
        }
    }

    /**
     * A Kafka / Event Hubs input: one topic of envelopes for every table ({@code topics} maps each
     * table to the same topic, {@code plain} false), or one topic of flat rows per table.
     */
    public record KafkaIn(String bootstrapServers, Map<String, String> topics, boolean plain, String groupId,
                          String propertiesFile) {}

    /** Alerts to a Kafka topic, transactionally (exactly once with read_committed consumers). */
    public record KafkaOut(String bootstrapServers, String topic, String propertiesFile) {}

    private static Map<String, Map<String, String>> kafkaSources(Options o) {
        if (o.kafkaIn() == null) {
            return null;
        }
        Map<String, Map<String, String>> byTable = new HashMap<>();
        for (String table : o.detections().tables()) { // a table no detection reads needs no topic
            String topic = o.kafkaIn().topics().get(table);
            if (topic == null) {
                throw new IllegalArgumentException("no topic for " + table + ": give --topic T (envelopes of every table) "
                        + "or --topic " + table + "=T (its flat rows)");
            }
            Map<String, String> options = new HashMap<>();
            options.put("kafka.bootstrap-servers", o.kafkaIn().bootstrapServers());
            options.put("kafka.topic", topic);
            options.put("kafka.group-id", o.kafkaIn().groupId());
            if (o.kafkaIn().plain()) {
                options.put("kafka.topic-table", table);
            }
            if (o.kafkaIn().propertiesFile() != null) {
                options.put("kafka.properties-file", o.kafkaIn().propertiesFile());
            }
            if (o.bounded()) {
                options.put("kafka.bounded", "true");
            }
            byTable.put(table, options);
        }
        return byTable;
    }

    /** Submits the job; the returned result's job client controls it. */
    public static TableResult start(Options o) throws Exception {
        TableEnvironment tEnv = environment(o);
        if (writesSuppressed(o)) { // one job: the alerts, and those the allowlist suppressed
            org.apache.flink.table.api.StatementSet set = tEnv.createStatementSet();
            set.addInsertSql(SqlFiles.statement("sql/sinks/insert_alerts.sql"));
            set.addInsertSql(SqlFiles.statement("sql/sinks/insert_suppressed.sql"));
            return set.execute();
        }
        return tEnv.executeSql(SqlFiles.statement("sql/sinks/insert_alerts.sql"));
    }

    /** Suppressed alerts are counted as metrics in any case; written to OUT/_suppressed/ when asked. */
    private static boolean writesSuppressed(Options o) {
        return o.showSuppressed() && !o.detections().allowlist().isEmpty();
    }

    /** The plan of the job {@link #start} would submit, as Flink's EXPLAIN prints it. */
    public static String explain(Options o) throws Exception {
        return environment(o).explainSql(SqlFiles.statement("sql/sinks/insert_alerts.sql"));
    }

    /** What a stream's event time needs so that windows close while it runs. */
    public static void eventTime(Configuration conf) {
        // a source subtask (a reader between files, an empty partition) with nothing to read for this
        // long stops holding the watermark back, so windows and interval joins close on the others'
        conf.set(ExecutionConfigOptions.TABLE_EXEC_SOURCE_IDLE_TIMEOUT, SOURCE_IDLE_TIMEOUT);
        // one-phase aggregation: a local window aggregate flushes its rows only when its own subtask's
        // watermark passes the window (or at a checkpoint); on an idle subtask that never happens before
        // the others' watermark closes the window downstream, and the rows arrive late and are dropped
        conf.set(org.apache.flink.table.api.config.OptimizerConfigOptions.TABLE_OPTIMIZER_AGG_PHASE_STRATEGY,
                org.apache.flink.table.api.config.AggregatePhaseStrategy.ONE_PHASE);
    }

    private static TableEnvironment environment(Options o) throws Exception {
        if (o.kafkaIn() == null) {
            // a missing root or a mistyped table folder is an error now, as in batch; a folder that
            // appears later is reported (log, and the command's stderr) and not read
            InputLayout.scan(o.input(), null, null, false);
        }
        Path out = BatchHunt.qualified(o.output()); // the tasks of a cluster resolve no path against this folder
        FileSystem fs = out.getFileSystem();
        fs.mkdirs(out);
        String rejectedDir = HuntPipeline.rejectedDir(out, o.rejectedDir() == null ? null
                : BatchHunt.qualified(o.rejectedDir()).toString());

        Configuration conf = HuntPipeline.baseConfiguration(o.parallelism());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, new Path(out, CHECKPOINTS_DIR).makeQualified(fs).toString());
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(ExecutionConfigOptions.IDLE_STATE_RETENTION, o.dedupeTtl());
        eventTime(conf);
        if (o.cluster() != null) {
            o.cluster().applyTo(conf, false); // a stream on a cluster runs detached: the client leaves
        } else {
            // the local cluster's tasks report their counters (accumulators) with each heartbeat: often
            // enough for the command's line per checkpoint
            long beat = Math.max(1000, Math.min(10_000, o.checkpointInterval().toMillis()));
            conf.set(org.apache.flink.configuration.HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(beat));
        }
        if (o.restorePath() != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, o.restorePath());
            conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.NO_CLAIM);
        }
        TableEnvironment tEnv = TableEnvironment.create(
                EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
        HuntPipeline.registerFunctions(tEnv);
        HuntPipeline.registerParameters(tEnv, o.detections(), o.window());
        HuntPipeline.registerTables(tEnv, new HuntPipeline.InputBinding(o.input(), rejectedDir,
                o.window(), o.bounded() ? null : o.monitorInterval(), kafkaSources(o), false), o.detections().tables());
        for (String table : o.detections().tables()) {
            TableBindings.watermarkDelay(tEnv, table, o.outOfOrderness());
            // one read of each table for every detection (see the option in the connector)
            TableBindings.bind(tEnv, table, Map.of("projection-push-down", "false"));
        }
        HuntPipeline.alerts(tEnv, o.detections());
        HuntPipeline.outputAlerts(tEnv, o.keepDuplicates(), o.detections());
        Map<String, String> sink = new HashMap<>();
        if (o.kafkaOut() == null) {
            SqlFiles.execute(tEnv, "sql/sinks/Alerts.sql");
            sink.put("path", new Path(out, ALERTS_DIR).toString());
            // a row format commits only at checkpoints, and only files rolled by then
            sink.put("sink.rolling-policy.rollover-interval", o.checkpointInterval().toMillis() + " ms");
            sink.put("sink.rolling-policy.check-interval", Math.max(200, o.checkpointInterval().toMillis() / 2) + " ms");
        } else {
            SqlFiles.execute(tEnv, "sql/sinks/AlertsTopic.sql");
            sink.put("topic", o.kafkaOut().topic());
            sink.put("properties.bootstrap.servers", o.kafkaOut().bootstrapServers());
            // stable across restarts of the same output, so a restored job aborts its own open transactions
            sink.put("sink.transactional-id-prefix", "cloudexfil-" + o.kafkaOut().topic());
            java.util.Properties props = io.cloudexfil.hunt.source.kafka.KafkaSettings.load(o.kafkaOut().propertiesFile(), System.getenv());
            props.forEach((k, v) -> sink.put("properties." + k, String.valueOf(v)));
        }
        TableBindings.bind(tEnv, "Alerts", sink);
        if (writesSuppressed(o)) {
            SqlFiles.execute(tEnv, "sql/sinks/SuppressedAlerts.sql");
            TableBindings.bind(tEnv, "SuppressedAlerts", Map.of("path", new Path(out, BatchHunt.SUPPRESSED_DIR).toString(),
                    "sink.rolling-policy.rollover-interval", o.checkpointInterval().toMillis() + " ms",
                    "sink.rolling-policy.check-interval", Math.max(200, o.checkpointInterval().toMillis() / 2) + " ms"));
        }
        return tEnv;
    }
}
