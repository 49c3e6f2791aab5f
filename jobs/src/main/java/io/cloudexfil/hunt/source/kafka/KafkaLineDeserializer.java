package io.cloudexfil.hunt.source.kafka;

import io.cloudexfil.hunt.source.DefenderTables;
import io.cloudexfil.hunt.source.deadletter.RejectReason;
import io.cloudexfil.hunt.source.deadletter.RejectSink;
import io.cloudexfil.hunt.source.line.LineRouter;
import io.cloudexfil.hunt.source.line.RowParser;
import io.cloudexfil.hunt.source.line.WatermarkMarkers;
import io.cloudexfil.hunt.source.prefilter.LinePrefilter;
import io.cloudexfil.hunt.source.stats.EventTimes;
import io.cloudexfil.hunt.source.stats.RunStats;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Kafka message = one line: an Event Hubs {@code {"records":[...]}} batch, a single envelope,
 * a Sentinel row, or (on a topic dedicated to one table) a flat row. Routed exactly as file lines
 * are ({@link LineRouter}); rejected messages go to the dead-letter folder with topic, partition
 * and offset instead of file and line.
 */
public final class KafkaLineDeserializer implements KafkaRecordDeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    private static final long FLUSH_EVERY_MS = 2000;

    private final String table;
    private final List<String> fieldNames;
    private final List<LogicalType> fieldTypes;
    private final TypeInformation<RowData> producedType;
    private final String topicTable;
    private final String rejectedDir;
    private final String countersScope;
    private final LinePrefilter prefilter;
    private final io.cloudexfil.hunt.functions.HuntWindow window;
    private final List<String> runTables;
    private final Boolean ownsUnrouted;

    private transient LineRouter router;
    private transient RejectSink rejects;
    private transient Map<String, Long> counts;
    private transient long lastFlush;
    private transient RunStats stats;

    /** @param topicTable the table a topic of flat rows holds, or null for envelopes of any table */
    public KafkaLineDeserializer(String table, List<String> fieldNames, List<LogicalType> fieldTypes,
                                 TypeInformation<RowData> producedType, String topicTable, String rejectedDir, String countersScope,
                                 LinePrefilter prefilter, io.cloudexfil.hunt.functions.HuntWindow window) {
        this(table, fieldNames, fieldTypes, producedType, topicTable, rejectedDir, countersScope, prefilter, window,
                DefenderTables.READ, null);
    }

    /**
     * @param runTables the tables this run reads: the owner counts records of the others as skipped
     * @param ownsUnrouted whether this source reports a mixed topic's messages of no table read (null:
     *     {@link LineRouter#owns}' default)
     */
    public KafkaLineDeserializer(String table, List<String> fieldNames, List<LogicalType> fieldTypes,
                                 TypeInformation<RowData> producedType, String topicTable, String rejectedDir, String countersScope,
                                 LinePrefilter prefilter, io.cloudexfil.hunt.functions.HuntWindow window, List<String> runTables,
                                 Boolean ownsUnrouted) {
        this.runTables = List.copyOf(runTables);
        this.ownsUnrouted = ownsUnrouted;
        this.window = window;
        this.table = table;
        this.prefilter = prefilter;
        this.fieldNames = fieldNames;
        this.fieldTypes = fieldTypes;
        this.producedType = producedType;
        this.topicTable = topicTable;
        this.rejectedDir = rejectedDir;
        this.countersScope = countersScope;
    }

    /** Whether passed-over messages give their event time to the watermark ({@link WatermarkMarkers}). */
    private boolean markPassedOver;

    /** A stream's source: messages passed over still move the watermark. */
    public KafkaLineDeserializer markingPassedOver() {
        this.markPassedOver = prefilter != null;
        return this;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        boolean owner = LineRouter.owns(table, topicTable, ownsUnrouted, runTables);
        router = new LineRouter(table, new RowParser(fieldNames, fieldTypes), topicTable, owner, prefilter, runTables);
        if (markPassedOver) {
            router.timingPassedOver();
        }
        counts = new TreeMap<>();
        // the deserializer sees its subtask only in its metric group's scope
        String subtask = context.getMetricGroup().getAllVariables().get("<subtask_index>");
        stats = RunStats.of(countersScope, subtask == null ? 0 : Integer.parseInt(subtask));
        lastFlush = System.currentTimeMillis();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RowData> out) throws IOException {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return; // tombstones and empty messages carry no event
        }
        String where = "kafka:" + record.topic() + "/" + record.partition();
        router.route(value, 0, value.length, new LineRouter.Sink() {
            @Override
            public void row(GenericRowData row) {
                row(row, null);
            }

            @Override
            public void row(GenericRowData row, org.apache.flink.table.data.TimestampData eventTime) {
                counts.merge(RunStats.events(table), 1L, Long::sum);
                EventTimes.count(counts, table, window, eventTime);
                out.collect(row);
            }

            @Override
            public void reject(RejectReason reason, String detail) {
                counts.merge(RunStats.rejected(table, reason), 1L, Long::sum);
                try {
                    if (rejects == null) {
                        rejects = RejectSink.appending(rejectedDir, table, where);
                    }
                    rejects.reject(record.offset(), reason, detail, value, 0, value.length, false);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write a dead letter", e);
                }
            }

            @Override
            public void count(String key) {
                counts.merge(key, 1L, Long::sum);
            }

            @Override
            public void typeErrors(List<String> columns) {
                try {
                    if (rejects == null) {
                        rejects = RejectSink.appending(rejectedDir, table, where);
                    }
                    rejects.typeError(record.offset(), "value of the wrong type, set to NULL: " + String.join(", ", columns),
                            value, 0, value.length);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write a dead letter", e);
                }
            }

            @Override
            public void passedOver() {
                counts.merge(RunStats.unparsed(table), 1L, Long::sum);
            }

            @Override
            public void passedOver(org.apache.flink.table.data.TimestampData latest) {
                passedOver();
                // the partition's watermark moves with this message's time, though no row leaves
                RowData marker = WatermarkMarkers.of(fieldNames.size(), fieldNames.indexOf(RowParser.TIMESTAMP), latest);
                if (marker != null) {
                    out.collect(marker);
                }
            }
        });
        long now = System.currentTimeMillis();
        if (now - lastFlush >= FLUSH_EVERY_MS && !counts.isEmpty()) {
            stats.add(counts);
            counts.clear();
            lastFlush = now;
        }
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
