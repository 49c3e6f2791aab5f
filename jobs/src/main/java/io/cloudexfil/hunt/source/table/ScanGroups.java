package io.cloudexfil.hunt.source.table;

import io.cloudexfil.hunt.source.prefilter.LinePrefilter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The filters pushed into the scans of one Defender table that Flink may merge into one scan.
 *
 * <p>Why: the detection reads DeviceProcessEvents in two signals. Flink runs one scan for both
 * only if their sources' digests are equal, and a digest holds the filters a source accepted. So
 * a source accepts only its hunt-window condition ({@code in_hunt_window}, the same in every
 * signal), and records the rest of its filter here, under the table and that accepted condition.
 * The scan that runs passes over a line only if it fails every recorded filter of its group: the
 * scans merged into it are all in the group, because only equal accepted conditions merge.
 * A scan that accepted nothing (no window) is in no group and parses every line.
 *
 * <p>Groups outlive one planning and tables equal in content share them: both only widen what
 * is let through.
 */
final class ScanGroups {

    private static final Map<Object, Map<String, ScanGroups>> BY_TABLE =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** One condition per pushed filter; a null element means "always". */
    private final List<LinePrefilter.Node> conditions = new ArrayList<>();

    /** The group of the scans of {@code catalogTable} that accepted {@code accepted} (its digest). */
    static ScanGroups of(Object catalogTable, String accepted) {
        synchronized (BY_TABLE) {
            return BY_TABLE.computeIfAbsent(catalogTable, t -> new HashMap<>())
                    .computeIfAbsent(accepted, a -> new ScanGroups());
        }
    }

    /** A scan of the group got a filter whose line condition is {@code condition} (null: "always"). */
    synchronized void pushed(LinePrefilter.Node condition) {
        conditions.add(condition);
    }

    /** What a line must meet to be of use to any scan of the group; null when every line must be parsed. */
    synchronized LinePrefilter combined() {
        return conditions.isEmpty() ? null : LinePrefilter.of(LinePrefilter.or(conditions));
    }
}
