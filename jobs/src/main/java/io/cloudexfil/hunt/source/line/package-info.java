/**
 * One line of input becomes this table's rows, whether it came from a file or a Kafka message:
 * {@link io.cloudexfil.hunt.source.line.LineRouter} recognises the line's shape (a flat row, a
 * streaming-API envelope, a Sentinel row, an Event Hubs batch), asks the prefilter whether it can
 * be passed over, and hands the table's records to
 * {@link io.cloudexfil.hunt.source.line.RowParser}, which reads the requested columns
 * (sql/tables/README.md §8, §9). A line passed over still carries its event time to the watermark
 * ({@link io.cloudexfil.hunt.source.line.WatermarkMarkers}). Shared by the file and Kafka readers,
 * which is why it stands apart from both; it rejects through the dead letters and counts into the
 * run's counters.
 */
package io.cloudexfil.hunt.source.line;
