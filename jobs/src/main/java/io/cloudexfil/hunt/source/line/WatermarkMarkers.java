package io.cloudexfil.hunt.source.line;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.RowKind;

/**
 * The event time of lines the prefilter passes over, carried to the watermark in order with the
 * rows: a stream's watermark is the table's, over every event, not only over the few lines that can
 * match the query (otherwise a stream of mostly unmatched events never closes a window). A marker
 * is a row of the produced type with only {@code Timestamp} set and kind DELETE, which no real row
 * of this insert-only source has (the kind survives the copies between chained operators); the
 * watermark generator reads its time, and {@link Drop} removes it right after.
 */
public final class WatermarkMarkers {

    private static final RowKind KIND = RowKind.DELETE;

    private WatermarkMarkers() {}

    /** A marker of the latest passed-over event time, or null if the row type has no Timestamp. */
    public static GenericRowData of(int arity, int timestampIndex, TimestampData latest) {
        if (timestampIndex < 0 || latest == null) {
            return null;
        }
        GenericRowData marker = new GenericRowData(KIND, arity);
        marker.setField(timestampIndex, latest);
        return marker;
    }

    public static TimestampData later(TimestampData a, TimestampData b) {
        return a == null ? b : b == null ? a : (b.compareTo(a) > 0 ? b : a);
    }

    /** Passes the rows on and drops the markers, once the watermark has seen them. */
    public static final class Drop implements FilterFunction<RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(RowData row) {
            return row.getRowKind() != KIND;
        }
    }
}
