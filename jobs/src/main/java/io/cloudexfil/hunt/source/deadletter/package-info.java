/**
 * Lines that do not become events: why ({@link io.cloudexfil.hunt.source.deadletter.RejectReason},
 * under which every rejected line is counted) and where they are kept
 * ({@link io.cloudexfil.hunt.source.deadletter.RejectSink}: a dead-letter file per input file,
 * renamed into place when the file is done; for a topic, one appended to as messages come). The
 * file and Kafka readers reject; the run's counters count by reason. Depends on nothing else of
 * the source, so every part of it can reject.
 */
package io.cloudexfil.hunt.source.deadletter;
