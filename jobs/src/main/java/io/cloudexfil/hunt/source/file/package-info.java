/**
 * Reading files under an input root: what lies there ({@link io.cloudexfil.hunt.source.file.InputLayout}:
 * flat folders, Defender and Sentinel export layouts, mixed folders; partition folders pruned by
 * {@link io.cloudexfil.hunt.source.file.PathTime}), the splits of a table's files
 * ({@link io.cloudexfil.hunt.source.file.LayoutEnumerator}: whole files, or byte ranges of a large
 * one in a backfill), and how a split's bytes become rows
 * ({@link io.cloudexfil.hunt.source.file.DefenderLineFormat}, Flink's BulkFormat, over
 * {@link io.cloudexfil.hunt.source.file.LineReader}, which cuts lines without decoding them). Each
 * line is routed as a Kafka message is; Flink's FileSource does the rest. The command line lists
 * the root with InputLayout before it plans, so that a wrong root is one clear error.
 */
package io.cloudexfil.hunt.source.file;
