package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.source.prefilter.LinePrefilter;
import io.cloudexfil.hunt.source.table.CompiledPrefilters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** For benchmarks: the line prefilters a plan kept by bin/hunt (its plan cache) restores its scans with. */
public final class KeptPlanPrefilters {

    private KeptPlanPrefilters() {}

    /** Per table, the prefilter of its scans (the first, if the plan's scans of a table accepted different filters). */
    public static Map<String, LinePrefilter> of(Path planFile) throws IOException {
        Map<String, LinePrefilter> byTable = new TreeMap<>();
        BatchHunt.StoredPlan.read(Files.readString(planFile)).prefilters().forEach((table, option) ->
                CompiledPrefilters.decode(option).values().stream().filter(Objects::nonNull).findFirst()
                        .ifPresent(p -> byTable.put(table, p)));
        return byTable;
    }
}
