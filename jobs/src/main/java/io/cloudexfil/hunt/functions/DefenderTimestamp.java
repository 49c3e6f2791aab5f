package io.cloudexfil.hunt.functions;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code defender_timestamp(ts) -> STRING}: an instant as Defender writes its {@code Timestamp}s,
 * UTC with seven fraction digits ({@code 2026-11-20T22:40:00.2500000Z}), so that every alert's time
 * has the same form (Flink's JSON format drops trailing zeros: {@code …00.25Z}, {@code …00Z}).
 */
public class DefenderTimestamp extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    public String eval(@DataTypeHint("TIMESTAMP_LTZ(9)") Instant ts) {
        return format(ts);
    }

    /** The same, from Java (alert ids hash this form). */
    public static String format(Instant ts) {
        return ts == null ? null : FORMAT.format(ts);
    }
}
