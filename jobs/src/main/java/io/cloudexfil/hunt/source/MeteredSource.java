package io.cloudexfil.hunt.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A source that publishes the run's input counters as job metrics: group {@code cloudexfil},
 * gauges {@code events}, {@code unparsed} (lines the prefilter passed over), {@code rejected_<reason>},
 * {@code type_errors}, {@code repaired_utf8}, {@code files}. The file readers count per JVM ({@link RunStats}), so the first reader of a
 * table in each JVM carries the gauges for the whole JVM: summed over subtasks they give the job's
 * totals, never a double count.
 */
final class MeteredSource<T, S extends SourceSplit, E> implements Source<T, S, E>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private final Source<T, S, E> delegate;
    private final TypeInformation<T> type;
    private final String table;
    private final String statsDir;

    MeteredSource(Source<T, S, E> delegate, TypeInformation<T> type, String table, String statsDir) {
        this.delegate = delegate;
        this.type = type;
        this.table = table;
        this.statsDir = statsDir;
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
        if (statsDir != null && REGISTERED.add(statsDir + "|" + table)) {
            register(context.metricGroup().addGroup("cloudexfil"));
        }
        return delegate.createReader(context);
    }

    private void register(MetricGroup group) {
        RunStats stats = RunStats.of(statsDir);
        List<String[]> gauges = new ArrayList<>();
        gauges.add(new String[] {"events", RunStats.events(table)});
        gauges.add(new String[] {"unparsed", RunStats.unparsed(table)});
        gauges.add(new String[] {"files", RunStats.files(table)});
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
