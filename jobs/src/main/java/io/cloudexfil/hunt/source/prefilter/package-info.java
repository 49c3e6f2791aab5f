/**
 * The prefilter: which raw lines can be passed over without being parsed, because no row of
 * theirs can pass the query's filter. {@link io.cloudexfil.hunt.source.prefilter.PrefilterCompiler}
 * turns the filters the planner pushes into a scan into a condition on lines
 * ({@link io.cloudexfil.hunt.source.prefilter.LinePrefilter}, an algebra of "a value of column C
 * holds one of these needles"); {@link io.cloudexfil.hunt.source.prefilter.LineMatcher} evaluates
 * it on a line's bytes, and {@link io.cloudexfil.hunt.source.prefilter.NeedleScan} searches a value
 * for many needles at once. The exact filter stays in the plan: a line let through too easily
 * costs time, never correctness. Knows nothing of files, topics or rows, so the file reader, the
 * Kafka deserializer and the benchmark use it alike; the JIT directives
 * (compiler-directives*.json) name its classes.
 */
package io.cloudexfil.hunt.source.prefilter;
