package io.cloudexfil.hunt.functions;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code counted_signal(Signal)}: returns the signal name unchanged and counts the alert as a job
 * metric, group {@code cloudexfil}, variable {@code signal}, counter {@code alerts} (Prometheus:
 * {@code flink_taskmanager_job_task_operator_cloudexfil_alerts{signal="..."}}). The insert
 * statements pass every alert's Signal through it, so a cluster's metric reporters see alerts per
 * signal as they are made.
 */
public class CountedSignal extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    /** Alerts made in this JVM: the progress line of an embedded run reads it. */
    private static final LongAdder IN_THIS_JVM = new LongAdder();

    private transient MetricGroup group;
    private transient Map<String, Counter> bySignal;

    @Override
    public void open(FunctionContext context) {
        group = context.getMetricGroup().addGroup("cloudexfil");
        bySignal = new HashMap<>();
    }

    public String eval(String signal) {
        if (signal != null && group != null) {
            bySignal.computeIfAbsent(signal, s -> group.addGroup("signal", s).counter("alerts")).inc();
        }
        IN_THIS_JVM.increment();
        return signal;
    }

    /** Alerts counted in this JVM so far (every run's). */
    public static long inThisJvm() {
        return IN_THIS_JVM.sum();
    }

    @Override
    public boolean isDeterministic() {
        return false; // it counts: the planner must call it once per alert, not fold or reuse it
    }
}
