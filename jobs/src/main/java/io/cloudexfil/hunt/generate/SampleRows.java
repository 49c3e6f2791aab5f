package io.cloudexfil.hunt.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated rows kept in memory instead of files, for benchmarks that send rows as messages: the
 * row writers of {@link TelemetryGenerator}, so the rows have its widths and values.
 */
public final class SampleRows {

    private SampleRows() {}

    /** One flat row (JSON, no line end) and how many of the seed detection's signals it raises. */
    public record Sample(String json, int signals) {}

    /**
     * {@code count} rows of {@code table} ({@link TelemetryGenerator#PROCESS_TABLE} or
     * {@link TelemetryGenerator#NETWORK_TABLE}) spread over the generated day: fleet activity that
     * raises no signal, or ({@code hits}) planted rows that raise at least one.
     */
    public static List<Sample> of(String table, long seed, int count, boolean hits) throws IOException {
        Fleet fleet = new Fleet(seed, TelemetryGenerator.DEVICES);
        JsonLineWriter w = new JsonLineWriter(null);
        byte[] day = (TelemetryGenerator.DAY + "T").getBytes(StandardCharsets.US_ASCII);
        RowSource src = table.equals(TelemetryGenerator.PROCESS_TABLE) ? new ProcessEvents(fleet, seed, w, day)
                : new NetworkEvents(fleet, seed, w, day);
        List<Sample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int mask = src.write(Row.tickAt((i + 0.5) / count), hits ? RowKind.HIT : RowKind.BACKGROUND);
            String json = new String(w.buffer(), 0, w.lineStart() - 1, StandardCharsets.UTF_8); // without '\n'
            w.dropLines();
            if (hits != (mask == 0)) {
                out.add(new Sample(json, Integer.bitCount(mask)));
            }
        }
        return out;
    }
}
