package io.cloudexfil.hunt.functions;


import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code in_hunt_window(ts) -> BOOLEAN NOT NULL}: the run's time window, KQL's
 * {@code Timestamp > ago(24h)} with "now" fixed by the run ({@code --as-of}) or replaced by a
 * backfill range ({@code --from/--to}, half-open). A NULL timestamp is outside every window,
 * as a NULL comparison drops the row in KQL. Compares at 100 ns precision, like Kusto.
 */
public class InHuntWindow extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private final HuntWindow window;

    public InHuntWindow(HuntWindow window) {
        this.window = window;
    }

    /** The window it tests: a source that receives this filter counts events inside and outside it. */
    public HuntWindow window() {
        return window;
    }

    public boolean eval(@DataTypeHint(value = "TIMESTAMP_LTZ(9)", bridgedTo = TimestampData.class) TimestampData ts) {
        return ts != null && window.contains(ts.getMillisecond(), ts.getNanoOfMillisecond());
    }

    @Override
    public boolean isDeterministic() {
        return true;
    }
}
