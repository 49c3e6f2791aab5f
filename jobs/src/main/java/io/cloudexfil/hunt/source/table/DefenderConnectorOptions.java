package io.cloudexfil.hunt.source.table;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/** The options of {@code 'connector' = 'defender'} ({@link DefenderTableFactory}). */
public final class DefenderConnectorOptions {

    private DefenderConnectorOptions() {}

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

    public static final ConfigOption<String> PREFILTER_COMPILED = ConfigOptions.key("prefilter.compiled").stringType()
            .noDefaultValue().withDescription("Set by a batch run that restores a compiled plan: the line prefilters "
                    + "its scans had when it was compiled (CompiledPrefilters), which the plan does not keep.");

    public static final ConfigOption<Boolean> PROJECTION = ConfigOptions.key("projection-push-down").booleanType()
            .defaultValue(true).withDescription("Parse only the columns the query uses. Streams set false: then "
                    + "Flink reads a table once for all its scans (it does not merge scans whose projections differ "
                    + "once a watermark is pushed).");

    public static final ConfigOption<List<String>> RUN_TABLES = ConfigOptions.key("run-tables").stringType()
            .asList().noDefaultValue().withDescription("The tables this run reads (default: every table with a DDL "
                    + "under sql/tables). Records of the others in mixed files are counted as skipped; this table is "
                    + "always among them.");

    public static final ConfigOption<Boolean> OWNS_UNROUTED_LINES = ConfigOptions.key("owns-unrouted-lines")
            .booleanType().noDefaultValue().withDescription("Whether this table's source reports the lines of mixed "
                    + "files and topics that belong to no table the run reads (bad lines, records of other tables). "
                    + "Exactly one source of a run should; default: the first of DeviceProcessEvents, "
                    + "DeviceNetworkEvents, DeviceFileEvents among run-tables.");
}
