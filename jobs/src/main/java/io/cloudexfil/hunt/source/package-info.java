/**
 * The {@code defender} table connector: Defender Advanced Hunting rows from files or a topic.
 * This package holds only the table names every part knows
 * ({@link io.cloudexfil.hunt.source.DefenderTables}); its parts, each depending only on those
 * listed after it:
 * <ul>
 *   <li>{@code table}: the planner's side, factory, options, table source, scan groups;
 *   <li>{@code file} and {@code kafka}: the two readers, side by side;
 *   <li>{@code line}: a line of either becomes the table's rows;
 *   <li>{@code prefilter}: which lines can be passed over unparsed;
 *   <li>{@code stats}: the run's input counters;
 *   <li>{@code deadletter}: why a line was rejected, and where it is kept.
 * </ul>
 */
package io.cloudexfil.hunt.source;
