package io.cloudexfil.hunt.source.table;

import io.cloudexfil.hunt.source.DefenderTables;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.HUNT_WINDOW;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.KAFKA_BOOTSTRAP;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.KAFKA_BOUNDED;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.KAFKA_GROUP;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.KAFKA_PROPERTIES_FILE;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.KAFKA_TOPIC;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.KAFKA_TOPIC_TABLE;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.MONITOR_INTERVAL;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.OWNS_UNROUTED_LINES;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.PATH;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.PATH_TIME_FROM;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.PATH_TIME_TO;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.PREFILTER;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.PREFILTER_COMPILED;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.PROJECTION;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.REJECTED_PATH;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.RUN_TABLES;
import static io.cloudexfil.hunt.source.table.DefenderConnectorOptions.TABLE;

/**
 * {@code 'connector' = 'defender'}: a Defender Advanced Hunting table over an input root. The
 * table's name picks its data ({@code ROOT/<Table>/...}); override with {@code 'table'}.
 */
public final class DefenderTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "defender";

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
                PREFILTER, PREFILTER_COMPILED, HUNT_WINDOW, RUN_TABLES, OWNS_UNROUTED_LINES, PROJECTION);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String table = options.getOptional(TABLE).orElse(context.getObjectIdentifier().getObjectName());
        if (!DefenderTables.isRead(table)) {
            throw new ValidationException("defender connector: unsupported table '" + table
                    + "'; supported: " + String.join(", ", DefenderTables.READ));
        }
        java.util.Set<String> run = new java.util.HashSet<>(options.getOptional(RUN_TABLES).orElse(DefenderTables.READ));
        run.add(table); // a query that reads this table makes it one of the run's
        java.util.List<String> runTables;
        try {
            runTables = DefenderTables.runTables(run);
        } catch (IllegalArgumentException e) {
            // its message carries the whole of it; as a cause it would be what the CLI prints, without the option's name
            throw new ValidationException("defender connector: 'run-tables': " + e.getMessage());
        }
        boolean kafka = options.getOptional(KAFKA_BOOTSTRAP).isPresent();
        if (!kafka && options.getOptional(PATH).isEmpty()) {
            throw new ValidationException("defender connector: set 'path' (files) or 'kafka.bootstrap-servers' (a topic)");
        }
        if (kafka && options.getOptional(KAFKA_TOPIC).isEmpty()) {
            throw new ValidationException("defender connector: 'kafka.topic' is required with 'kafka.bootstrap-servers'");
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
        source.compiledPrefilters = options.getOptional(PREFILTER_COMPILED).map(CompiledPrefilters::decode).orElse(null);
        return source.withKafka(binding).withPrefilter(options.get(PREFILTER), context.getCatalogTable(), null)
                .withWindow(options.getOptional(HUNT_WINDOW).map(io.cloudexfil.hunt.functions.HuntWindow::parse).orElse(null))
                .withRunTables(runTables, options.getOptional(OWNS_UNROUTED_LINES).orElse(null));
    }
}
