package io.cloudexfil.hunt.source.stats;

import io.cloudexfil.hunt.source.deadletter.RejectReason;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.common.watermark.Watermark;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

import java.util.ArrayList;
import java.util.List;

/**
 * A Defender source that counts: each reader subtask publishes its {@link RunStats} as job
 * metrics, group {@code cloudexfil}, gauges {@code events}, {@code unparsed} (lines the prefilter
 * passed over), {@code rejected_<reason>}, {@code type_errors}, {@code repaired_utf8}, {@code files}, {@code bytes}
 * (summed over subtasks they give the job's totals), and hands its subtask index to the file
 * format's readers through the reader configuration, so that they count into the subtask's own
 * counters (the format's readers see no other trace of their subtask).
 */
public final class MeteredSource<T, S extends SourceSplit, E> implements Source<T, S, E>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    /** The reader configuration's key for the subtask index (set here, read by the format). */
    private static final ConfigOption<Integer> SUBTASK = ConfigOptions.key("cloudexfil.source.subtask")
            .intType().defaultValue(0);

    private final Source<T, S, E> delegate;
    private final TypeInformation<T> type;
    private final String table;
    private final String countersScope;

    public MeteredSource(Source<T, S, E> delegate, TypeInformation<T> type, String table, String countersScope) {
        this.delegate = delegate;
        this.type = type;
        this.table = table;
        this.countersScope = countersScope;
    }

    /** The counters a file reader adds to: its subtask's, as the reader configuration names it. */
    public static RunStats stats(String countersScope, Configuration readerConfig) {
        return RunStats.of(countersScope, readerConfig.get(SUBTASK));
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
        int subtask = context.getIndexOfSubtask();
        register(context.metricGroup().addGroup("cloudexfil"), RunStats.of(countersScope, subtask));
        Configuration config = new Configuration(context.getConfiguration());
        config.set(SUBTASK, subtask);
        return delegate.createReader(new SourceReaderContext() {
            @Override
            public SourceReaderMetricGroup metricGroup() {
                return context.metricGroup();
            }

            @Override
            public Configuration getConfiguration() {
                return config;
            }

            @Override
            public String getLocalHostName() {
                return context.getLocalHostName();
            }

            @Override
            public int getIndexOfSubtask() {
                return subtask;
            }

            @Override
            public void sendSplitRequest() {
                context.sendSplitRequest();
            }

            @Override
            public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {
                context.sendSourceEventToCoordinator(sourceEvent);
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return context.getUserCodeClassLoader();
            }

            @Override
            public int currentParallelism() {
                return context.currentParallelism();
            }

            @Override
            public void emitWatermark(Watermark watermark) {
                context.emitWatermark(watermark);
            }
        });
    }

    private void register(MetricGroup group, RunStats stats) {
        List<String[]> gauges = new ArrayList<>();
        gauges.add(new String[] {"events", RunStats.events(table)});
        gauges.add(new String[] {"unparsed", RunStats.unparsed(table)});
        gauges.add(new String[] {"files", RunStats.files(table)});
        gauges.add(new String[] {"bytes", RunStats.bytes(table)});
        gauges.add(new String[] {"type_errors", RunStats.typeErrors(table)});
        gauges.add(new String[] {"repaired_utf8", RunStats.repairedUtf8(table)});
        for (RejectReason r : RejectReason.values()) {
            gauges.add(new String[] {"rejected_" + r.key(), RunStats.rejected(table, r)});
        }
        for (String[] g : gauges) {
            String key = g[1];
            group.gauge(g[0], (Gauge<Long>) () -> stats.get(key));
        }
    }
    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context) throws Exception {
        return delegate.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint) throws Exception {
        return delegate.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }
}
