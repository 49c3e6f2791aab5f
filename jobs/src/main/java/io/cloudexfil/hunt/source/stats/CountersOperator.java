package io.cloudexfil.hunt.source.stats;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.accumulators.SimpleAccumulator;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;

import java.util.HashMap;
import java.util.Map;

/**
 * Chained right behind a Defender source, it passes every row on and publishes the subtask's
 * {@link RunStats} as accumulators ({@code cloudexfil.<counter>}): at the end of a bounded input
 * (before the batch job reports its result) and at every checkpoint of a stream. A source reader
 * cannot reach accumulators; an operator of the same subtask can.
 */
public final class CountersOperator extends AbstractStreamOperator<RowData> implements OneInputStreamOperator<RowData, RowData> {

    private static final long serialVersionUID = 1L;

    private final String scope;
    private transient RunStats stats;
    private transient Map<String, SimpleAccumulator<Long>> published;

    public CountersOperator(String scope) {
        this.scope = scope;
    }

    @Override
    public void open() throws Exception {
        super.open();
        stats = RunStats.of(scope, subtask());
        published = new HashMap<>();
    }

    private int subtask() {
        return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    @Override
    public void processElement(StreamRecord<RowData> element) {
        output.collect(element);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        publish();
    }

    @Override
    public void finish() throws Exception {
        publish();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (stats != null) {
                publish();
                RunStats.release(scope, subtask());
            }
        } finally {
            super.close();
        }
    }

    private void publish() {
        stats.snapshot().forEach((key, value) -> {
            SimpleAccumulator<Long> counter = published.computeIfAbsent(key, k -> {
                // Flink combines the subtasks' values: earliest times by min, latest by max, counts by sum
                SimpleAccumulator<Long> c = RunStats.isMinimum(k) ? new LongMinimum()
                        : RunStats.isMaximum(k) ? new LongMaximum() : new LongCounter();
                getRuntimeContext().addAccumulator(RunStats.ACCUMULATOR_PREFIX + k, c);
                return c;
            });
            counter.resetLocal();
            counter.add(value);
        });
    }
}
