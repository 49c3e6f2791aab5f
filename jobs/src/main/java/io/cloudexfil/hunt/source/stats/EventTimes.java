package io.cloudexfil.hunt.source.stats;

import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.table.data.TimestampData;

import java.util.Map;

/**
 * Where the parsed events fall in time: how many inside and outside the query's hunt window, and
 * the earliest and latest event time (epoch milliseconds), per table. So a run that matches nothing
 * because its window misses the data says so. Only parsed events are timed: a line the prefilter
 * passes over is not parsed, and its time is not read.
 */
public final class EventTimes {

    private EventTimes() {}

    /** Adds one event to a reader's counts. */
    public static void count(Map<String, Long> counts, String table, HuntWindow window, TimestampData time) {
        if (time == null) {
            return;
        }
        long millis = time.getMillisecond();
        counts.merge(RunStats.earliest(table), millis, Math::min);
        counts.merge(RunStats.latest(table), millis, Math::max);
        if (window != null) {
            boolean inside = window.contains(millis, time.getNanoOfMillisecond());
            counts.merge(inside ? RunStats.inWindow(table) : RunStats.outsideWindow(table), 1L, Long::sum);
        }
    }
}
