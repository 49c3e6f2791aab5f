/**
 * The run's input counters and how they leave a source subtask. Readers count into their
 * subtask's {@link io.cloudexfil.hunt.source.stats.RunStats} (events, rejections by reason, lines
 * passed over, files, bytes, and where event times fall: {@link io.cloudexfil.hunt.source.stats.EventTimes});
 * {@link io.cloudexfil.hunt.source.stats.CountersOperator}, chained behind the source, publishes
 * them as accumulators and {@link io.cloudexfil.hunt.source.stats.MeteredSource} as gauges, so
 * they reach the client, the REST API and metric reporters with the job and nothing is written for
 * them. Apart from the readers because the command line reads them too (its summary and progress).
 */
package io.cloudexfil.hunt.source.stats;
