package io.cloudexfil.hunt.source.table;

import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.source.DefenderTables;
import io.cloudexfil.hunt.source.file.DefenderLineFormat;
import io.cloudexfil.hunt.source.file.InputLayout;
import io.cloudexfil.hunt.source.file.LayoutEnumerator;
import io.cloudexfil.hunt.source.kafka.KafkaLineDeserializer;
import io.cloudexfil.hunt.source.kafka.KafkaSettings;
import io.cloudexfil.hunt.source.line.LineRouter;
import io.cloudexfil.hunt.source.line.WatermarkMarkers;
import io.cloudexfil.hunt.source.prefilter.LinePrefilter;
import io.cloudexfil.hunt.source.prefilter.PrefilterCompiler;
import io.cloudexfil.hunt.source.stats.CountersOperator;
import io.cloudexfil.hunt.source.stats.MeteredSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Defender table read from files under an input root (see {@link InputLayout}) or a topic.
 * Parses only the columns the query uses (projection push-down), and only the lines that can
 * hold a row passing the query's filter (filter push-down into a {@link LinePrefilter}; the
 * filter itself stays in the plan).
 */
class DefenderTableSource implements ScanTableSource, SupportsFilterPushDown, SupportsWatermarkPushDown {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DefenderTableSource.class);

    private final String table;
    private final String root;
    private final String rejectedDir;
    private final Instant pathTimeFrom;
    private final Instant pathTimeTo;
    private final Duration monitorInterval;
    DataType producedType;
    private boolean prefilterEnabled = true;
    /** The catalog table this source reads, and the group of scans its filter was recorded in. */
    private Object catalogTable;
    private ScanGroups group;
    /** The hunt window the query filters on (null: none): events are counted inside and outside it. */
    private HuntWindow window;

    DefenderTableSource(String table, String root, String rejectedDir, Instant pathTimeFrom,
                        Instant pathTimeTo, Duration monitorInterval, DataType physicalType) {
        this.monitorInterval = monitorInterval;
        this.table = table;
        this.pathTimeFrom = pathTimeFrom;
        this.pathTimeTo = pathTimeTo;
        this.root = root;
        this.rejectedDir = rejectedDir;
        this.producedType = physicalType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    /** Where a Kafka-bound table reads (null for files). */
    record KafkaBinding(String bootstrapServers, String topic, String topicTable, String groupId,
                        String propertiesFile, boolean bounded) implements java.io.Serializable {}

    private KafkaBinding kafka;

    DefenderTableSource withKafka(KafkaBinding kafka) {
        this.kafka = kafka;
        return this;
    }

    /**
     * @param enabled whether pushed filters may pass lines over unparsed ('prefilter' option)
     * @param catalogTable the table in the catalog, which the scans of one query share
     */
    DefenderTableSource withPrefilter(boolean enabled, Object catalogTable, ScanGroups group) {
        this.prefilterEnabled = enabled;
        this.catalogTable = catalogTable;
        this.group = group;
        return this;
    }

    DefenderTableSource withWindow(HuntWindow window) {
        this.window = window;
        return this;
    }

    /** The tables this run reads (this one among them). */
    private List<String> runTables = DefenderTables.READ;
    /** Whether this source owns the unrouted lines of mixed input; null: {@link LineRouter#owns}' default. */
    private Boolean ownsUnrouted;

    DefenderTableSource withRunTables(List<String> runTables, Boolean ownsUnrouted) {
        this.runTables = runTables;
        this.ownsUnrouted = ownsUnrouted;
        return this;
    }

    /**
     * Accepts only the hunt-window condition and records the whole filter as a line condition (see
     * {@link ScanGroups}). Every filter also stays in the plan, which evaluates it exactly.
     */
    @Override
    public Result applyFilters(List<ResolvedExpression> filters) {
        List<ResolvedExpression> window = filters.stream().filter(PrefilterCompiler::isHuntWindow).toList();
        if (!window.isEmpty() && this.window == null) { // a query's own in_hunt_window, when no window is bound
            this.window = PrefilterCompiler.window(window.get(0));
        }
        if (!prefilterEnabled || catalogTable == null || window.isEmpty()) {
            return Result.of(List.of(), filters);
        }
        if (compiledPrefilters != null) { // a restored plan: its filters were recorded when it was compiled
            compiledPrefilter = compiledPrefilters.get(window.toString());
            if (compiledPrefilter == null && !compiledPrefilters.containsKey(window.toString())) {
                LOG.warn("{}: no compiled prefilter for {} (compiled for {}); every line is parsed", table, window,
                        compiledPrefilters.keySet());
            }
            return Result.of(window, filters);
        }
        group = ScanGroups.of(catalogTable, window.toString());
        CompiledPrefilters.recorded(table, window.toString(), group);
        // Flink's ScanReuser merges scans that differ only in their projection into a new source,
        // which it builds from the accepted filters alone (the window). The merged scans already
        // recorded their filters in this group: recording "window only" would mean "every line".
        if (!(filters.size() == window.size() && rebuiltByScanReuser())) {
            group.pushed(PrefilterCompiler.condition(filters));
        }
        return Result.of(window, filters);
    }

    private static final String SCAN_REUSER = "org.apache.flink.table.planner.plan.reuse.ScanReuser";

    /** Whether this call comes from the planner's ScanReuser rebuilding a source for merged scans. */
    static boolean rebuiltByScanReuser() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getClassName().equals(SCAN_REUSER)));
    }

    /** The prefilter of the scan that runs: the union of the filters of the scans merged into it. */
    private LinePrefilter prefilter() {
        LinePrefilter p = !prefilterEnabled ? null : compiledPrefilters != null ? compiledPrefilter
                : group != null ? group.combined() : null;
        LOG.info("{}: {}", table, p == null ? "every line is parsed" : "lines are parsed only if they meet " + p);
        return p;
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        if (kafka != null) {
            return kafkaProvider(context);
        }
        RowType rowType = (RowType) producedType.getLogicalType();
        List<String> names = new ArrayList<>(rowType.getFieldNames());
        List<LogicalType> types = new ArrayList<>(rowType.getChildren());
        String scope = UUID.randomUUID().toString();
        DefenderLineFormat format = new DefenderLineFormat(table, names, types,
                context.createTypeInformation(producedType), rejectedDir, scope, root, prefilter(), window,
                runTables, ownsUnrouted);
        if (watermarks != null) {
            format.markingPassedOver();
        }
        String r = root;
        String t = table;
        Instant from = pathTimeFrom;
        Instant to = pathTimeTo;
        boolean watch = monitorInterval != null;
        List<String> run = runTables;
        FileSource.FileSourceBuilder<RowData> builder = FileSource.forBulkFileFormat(format, new Path(root))
                .setFileEnumerator(() -> new LayoutEnumerator(r, t, from, to, watch).readingOnly(run));
        if (watch) {
            builder.monitorContinuously(monitorInterval); // a watched folder: new files are picked up
        }
        FileSource<RowData> source = builder.build();
        return counted(new MeteredSource<>(source, format.getProducedType(), table, scope), scope, false);
    }

    private ScanRuntimeProvider kafkaProvider(ScanContext context) {
        RowType rowType = (RowType) producedType.getLogicalType();
        TypeInformation<RowData> type = context.createTypeInformation(producedType);
        String scope = UUID.randomUUID().toString();
        KafkaLineDeserializer deserializer = new KafkaLineDeserializer(table, new ArrayList<>(rowType.getFieldNames()),
                new ArrayList<>(rowType.getChildren()), type, kafka.topicTable(), rejectedDir, scope, prefilter(), window,
                runTables, ownsUnrouted);
        if (watermarks != null) {
            deserializer.markingPassedOver();
        }
        // read on the client: secrets travel inside the job, never through table options or logs
        java.util.Properties props = KafkaSettings.load(kafka.propertiesFile(), System.getenv());
        KafkaSourceBuilder<RowData> builder = KafkaSource.<RowData>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topic())
                .setGroupId(kafka.groupId())
                .setClientIdPrefix("cloudexfil-" + table)
                .setProperties(props)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer);
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return counted(new MeteredSource<>(builder.build(), type, table, scope), scope, true);
    }

    /**
     * The source followed by its {@link CountersOperator} (chained: same subtask, same thread), which
     * publishes the input counters as accumulators; uids from the planner keep savepoints compatible.
     *
     * @param perSplitWatermarks a Kafka partition is a long-lived split: its watermark is its own
     *     (partition-aware). A file is a split read in moments and then released: a watermark per
     *     file advances only if a periodic emit happens while that file is read, so a watched folder
     *     of small files would hold windows and interval joins back for good. Files get one watermark
     *     per subtask instead, made right after the source (chained) from every row it reads.
     */
    private ScanRuntimeProvider counted(MeteredSource<RowData, ?, ?> source, String scope, boolean perSplitWatermarks) {
        String name = asSummaryString();
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(ProviderContext provider, StreamExecutionEnvironment env) {
                boolean inSource = watermarks != null && perSplitWatermarks;
                DataStreamSource<RowData> scan = env.fromSource(source,
                        inSource ? watermarks : WatermarkStrategy.noWatermarks(), name, source.getProducedType());
                provider.generateUid("source").ifPresent(scan::uid);
                SingleOutputStreamOperator<RowData> out = scan.transform("counters[" + table + "]",
                        source.getProducedType(), new CountersOperator(scope));
                provider.generateUid("counters").ifPresent(out::uid);
                if (watermarks != null && !inSource) {
                    out = out.assignTimestampsAndWatermarks(watermarks).name("watermarks[" + table + "]");
                    provider.generateUid("watermarks").ifPresent(out::uid);
                }
                if (watermarks != null) { // the markers of passed-over lines have moved the watermark: drop them
                    out = out.filter(new WatermarkMarkers.Drop()).name("rows[" + table + "]");
                    provider.generateUid("rows").ifPresent(out::uid);
                }
                return out;
            }

            @Override
            public boolean isBounded() {
                return source.getBoundedness() == Boundedness.BOUNDED;
            }
        };
    }

    /**
     * The source that parses only the columns its query uses. Streams do without it: Flink merges
     * scans of one table with different projections only when no watermark was pushed after the
     * projection (its ScanReuser cannot re-map the watermark's field), so with projections every
     * detection of the pack would read the files again, and count their lines and dead letters
     * again. Without one, all scans of a table are the same scan, read once (PackPlanTest).
     */
    static final class Projecting extends DefenderTableSource implements SupportsProjectionPushDown {

        Projecting(String table, String root, String rejectedDir, Instant pathTimeFrom, Instant pathTimeTo,
                   Duration monitorInterval, DataType physicalType) {
            super(table, root, rejectedDir, pathTimeFrom, pathTimeTo, monitorInterval, physicalType);
        }

        @Override
        public boolean supportsNestedProjection() {
            return false;
        }

        @Override
        public void applyProjection(int[][] projectedFields, DataType producedDataType) {
            this.producedType = producedDataType;
        }
    }

    /** A restored plan's prefilters per accepted filter ({@link CompiledPrefilters}); null when planned here. */
    Map<String, LinePrefilter> compiledPrefilters;
    private LinePrefilter compiledPrefilter;

    /** The table's watermark, generated in the source: then no watermark assigner stands between scan and filter. */
    private WatermarkStrategy<RowData> watermarks;

    /**
     * A stream's watermark is made in the source (Flink pushes the table's WATERMARK here), so the
     * detection's filter meets the scan directly and is pushed into it: a stream's lines are then
     * prefiltered as a backfill's are.
     */
    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarks = watermarkStrategy;
    }

    @Override
    public DynamicTableSource copy() {
        DefenderTableSource copy = (this instanceof Projecting
                ? new Projecting(table, root, rejectedDir, pathTimeFrom, pathTimeTo, monitorInterval, producedType)
                : new DefenderTableSource(table, root, rejectedDir, pathTimeFrom, pathTimeTo, monitorInterval, producedType)).withKafka(kafka).withPrefilter(prefilterEnabled, catalogTable, group)
                .withWindow(window).withRunTables(runTables, ownsUnrouted);
        copy.watermarks = watermarks;
        copy.compiledPrefilters = compiledPrefilters;
        copy.compiledPrefilter = compiledPrefilter;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "defender[" + table + "]";
    }
}
