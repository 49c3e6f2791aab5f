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

    public static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue()
            .withDescription("Input root: a folder (any Flink file system URI) holding one folder or file per table.");
    public static final ConfigOption<String> TABLE = ConfigOptions.key("table").stringType().noDefaultValue()
            .withDescription("Defender table whose rows to read; defaults to the SQL table's name.");
    public static final ConfigOption<String> REJECTED_PATH = ConfigOptions.key("rejected-path").stringType()
            .noDefaultValue().withDescription("Folder for dead-letter records of rejected lines.");
    public static final ConfigOption<String> STATS_PATH = ConfigOptions.key("stats-path").stringType()
            .noDefaultValue().withDescription("Folder for this run's counters (events, rejections).");

    public static final ConfigOption<String> PATH_TIME_FROM = ConfigOptions.key("path-time.from").stringType()
            .noDefaultValue().withDescription("ISO-8601 instant: partition folders (y=/m=/d=/h=) that can only hold "
                    + "earlier events are not read.");
    public static final ConfigOption<String> PATH_TIME_TO = ConfigOptions.key("path-time.to").stringType()
            .noDefaultValue().withDescription("ISO-8601 instant: partition folders that can only hold events at or "
                    + "after it (plus one hour of export lag) are not read.");

    public static final ConfigOption<Duration> MONITOR_INTERVAL = ConfigOptions.key("source.monitor-interval")
            .durationType().noDefaultValue()
            .withDescription("Watch the root: look for new files at this interval (unbounded source).");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(TABLE, REJECTED_PATH, STATS_PATH, PATH_TIME_FROM, PATH_TIME_TO, MONITOR_INTERVAL);
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
        return new DefenderTableSource(table, options.get(PATH), options.getOptional(REJECTED_PATH).orElse(null),
                options.getOptional(STATS_PATH).orElse(null),
                options.getOptional(PATH_TIME_FROM).map(Instant::parse).orElse(null),
                options.getOptional(PATH_TIME_TO).map(Instant::parse).orElse(null),
                options.getOptional(MONITOR_INTERVAL).orElse(null),
                context.getPhysicalRowDataType());
    }
}
