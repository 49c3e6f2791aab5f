/**
 * The planner's side of {@code 'connector' = 'defender'}: the factory and its options, and the
 * table source that takes the filters, projection and watermark the planner pushes into a scan
 * and builds the file or Kafka source that runs.
 *
 * <p>Why two scans of one table share one read: a detection pack reads each table in several
 * signals, and the planner's ScanReuser merges scans of one table into a single source when their
 * digests are equal. A digest holds the filters a source accepted, so a source accepts only its
 * hunt-window condition (the same in every signal) and records the rest of its filter in
 * {@link io.cloudexfil.hunt.source.table.ScanGroups}, under the table and that condition. The
 * merged source reads each file once for all its scan groups' scans: its prefilter is the union of
 * the recorded filters, so it passes over only the lines that fail all of them, and the exact
 * filters stay in the plan. Scans that differ in their projection are merged too, except when a
 * watermark was pushed (the ScanReuser cannot re-map its field): streams therefore read whole
 * rows, and all scans of a table are one scan.
 *
 * <p>The top of the source: it depends on the readers below it ({@code file}, {@code kafka}) and
 * on what they share ({@code line}, {@code prefilter}, {@code stats}), and nothing of the source
 * depends on it.
 */
package io.cloudexfil.hunt.source.table;
