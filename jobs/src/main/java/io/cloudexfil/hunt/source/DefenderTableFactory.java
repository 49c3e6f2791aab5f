package io.cloudexfil.hunt.source;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * {@code 'connector' = 'defender'}: a Defender Advanced Hunting table over an input root. The
 * table's name picks its data ({@code ROOT/<Table>/...}); override with {@code 'table'}.
 */
public final class DefenderTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "defender";

    public static final ConfigOption<String> KAFKA_BOOTSTRAP = ConfigOptions.key("kafka.bootstrap-servers").stringType()
            .noDefaultValue().withDescription("Read a Kafka / Event Hubs topic instead of files.");
    public static final ConfigOption<String> KAFKA_TOPIC = ConfigOptions.key("kafka.topic").stringType().noDefaultValue();
    public static final ConfigOption<String> KAFKA_TOPIC_TABLE = ConfigOptions.key("kafka.topic-table").stringType()
            .noDefaultValue().withDescription("The table whose flat rows the topic holds (a plain, one-table topic).");
    public static final ConfigOption<String> KAFKA_GROUP = ConfigOptions.key("kafka.group-id").stringType()
            .defaultValue("cloudexfil-hunt");
    public static final ConfigOption<String> KAFKA_PROPERTIES_FILE = ConfigOptions.key("kafka.properties-file")
            .stringType().noDefaultValue().withDescription("Kafka client properties (security settings), read on the client.");
    public static final ConfigOption<Boolean> KAFKA_BOUNDED = ConfigOptions.key("kafka.bounded").booleanType()
            .defaultValue(false).withDescription("Stop at the offsets that are the latest when the job starts.");

    public static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue()
            .withDescription("Input root: a folder (any Flink file system URI) holding one folder or file per table.");
    public static final ConfigOption<String> TABLE = ConfigOptions.key("table").stringType().noDefaultValue()
            .withDescription("Defender table whose rows to read; defaults to the SQL table's name.");
    public static final ConfigOption<String> REJECTED_PATH = ConfigOptions.key("rejected-path").stringType()
            .noDefaultValue().withDescription("Folder for dead-letter records of rejected lines.");

    public static final ConfigOption<String> PATH_TIME_FROM = ConfigOptions.key("path-time.from").stringType()
            .noDefaultValue().withDescription("ISO-8601 instant: partition folders (y=/m=/d=/h=) that can only hold "
                    + "earlier events are not read.");
    public static final ConfigOption<String> PATH_TIME_TO = ConfigOptions.key("path-time.to").stringType()
            .noDefaultValue().withDescription("ISO-8601 instant: partition folders that can only hold events at or "
                    + "after it (plus one hour of export lag) are not read.");

    public static final ConfigOption<String> HUNT_WINDOW = ConfigOptions.key("hunt-window").stringType()
            .noDefaultValue().withDescription("The run's window, as HuntWindow prints it ([from, to)): the source "
                    + "counts the events it parses inside and outside it, and the earliest and latest event time.");

    public static final ConfigOption<Duration> MONITOR_INTERVAL = ConfigOptions.key("source.monitor-interval")
            .durationType().noDefaultValue()
            .withDescription("Watch the root: look for new files at this interval (unbounded source).");

    public static final ConfigOption<Boolean> PREFILTER = ConfigOptions.key("prefilter").booleanType()
            .defaultValue(true).withDescription("Pass over, unparsed, lines that hold none of the terms the query's "
                    + "filter needs (counted as unparsed). false: parse and check every line.");

    public static final ConfigOption<Boolean> PROJECTION = ConfigOptions.key("projection-push-down").booleanType()
            .defaultValue(true).withDescription("Parse only the columns the query uses. Streams set false: then "
                    + "Flink reads a table once for all its scans (it does not merge scans whose projections differ "
                    + "once a watermark is pushed).");

    public static final ConfigOption<java.util.List<String>> RUN_TABLES = ConfigOptions.key("run-tables").stringType()
            .asList().noDefaultValue().withDescription("The tables this run reads (default: every table with a DDL "
                    + "under sql/tables). Records of the others in mixed files are counted as skipped; this table is "
                    + "always among them.");

    public static final ConfigOption<Boolean> OWNS_UNROUTED_LINES = ConfigOptions.key("owns-unrouted-lines")
            .booleanType().noDefaultValue().withDescription("Whether this table's source reports the lines of mixed "
                    + "files and topics that belong to no table the run reads (bad lines, records of other tables). "
                    + "Exactly one source of a run should; default: the first of DeviceProcessEvents, "
                    + "DeviceNetworkEvents, DeviceFileEvents among run-tables.");

    /**
     * The root as the file source names its files (scheme and absolute path), so that a file's
     * place under it can be told: a relative {@code test-data/x} becomes {@code file:/cwd/test-data/x}.
     */
    static String qualified(String root) {
        org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(root);
        try {
            return p.makeQualified(p.getFileSystem()).toString();
        } catch (java.io.IOException | RuntimeException e) {
            return root; // an unknown scheme: the source reports it when it lists the root
        }
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(PATH, TABLE, REJECTED_PATH, PATH_TIME_FROM, PATH_TIME_TO, MONITOR_INTERVAL,
                KAFKA_BOOTSTRAP, KAFKA_TOPIC, KAFKA_TOPIC_TABLE, KAFKA_GROUP, KAFKA_PROPERTIES_FILE, KAFKA_BOUNDED,
                PREFILTER, HUNT_WINDOW, RUN_TABLES, OWNS_UNROUTED_LINES, PROJECTION);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String table = options.getOptional(TABLE).orElse(context.getObjectIdentifier().getObjectName());
        if (!DefenderTables.isRead(table)) {
            throw new IllegalArgumentException("defender connector: unsupported table '" + table
                    + "'; supported: " + String.join(", ", DefenderTables.READ));
        }
        java.util.Set<String> run = new java.util.HashSet<>(options.getOptional(RUN_TABLES).orElse(DefenderTables.READ));
        run.add(table); // a query that reads this table makes it one of the run's
        java.util.List<String> runTables;
        try {
            runTables = DefenderTables.runTables(run);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("defender connector: 'run-tables': " + e.getMessage(), e);
        }
        boolean kafka = options.getOptional(KAFKA_BOOTSTRAP).isPresent();
        if (!kafka && options.getOptional(PATH).isEmpty()) {
            throw new IllegalArgumentException("defender connector: set 'path' (files) or 'kafka.bootstrap-servers' (a topic)");
        }
        if (kafka && options.getOptional(KAFKA_TOPIC).isEmpty()) {
            throw new IllegalArgumentException("defender connector: 'kafka.topic' is required with 'kafka.bootstrap-servers'");
        }
        DefenderTableSource.KafkaBinding binding = !kafka ? null : new DefenderTableSource.KafkaBinding(
                options.get(KAFKA_BOOTSTRAP), options.get(KAFKA_TOPIC), options.getOptional(KAFKA_TOPIC_TABLE).orElse(null),
                options.get(KAFKA_GROUP) + "-" + table, options.getOptional(KAFKA_PROPERTIES_FILE).orElse(null),
                options.get(KAFKA_BOUNDED));
        String root = options.getOptional(PATH).map(DefenderTableFactory::qualified).orElse(null);
        String rejected = options.getOptional(REJECTED_PATH).orElse(null);
        Instant from = options.getOptional(PATH_TIME_FROM).map(Instant::parse).orElse(null);
        Instant to = options.getOptional(PATH_TIME_TO).map(Instant::parse).orElse(null);
        Duration monitor = options.getOptional(MONITOR_INTERVAL).orElse(null);
        DefenderTableSource source = options.get(PROJECTION)
                ? new DefenderTableSource.Projecting(table, root, rejected, from, to, monitor, context.getPhysicalRowDataType())
                : new DefenderTableSource(table, root, rejected, from, to, monitor, context.getPhysicalRowDataType());
        return source.withKafka(binding).withPrefilter(options.get(PREFILTER), context.getCatalogTable(), null)
                .withWindow(options.getOptional(HUNT_WINDOW).map(io.cloudexfil.hunt.functions.HuntWindow::parse).orElse(null))
                .withRunTables(runTables, options.getOptional(OWNS_UNROUTED_LINES).orElse(null));
    }
}
