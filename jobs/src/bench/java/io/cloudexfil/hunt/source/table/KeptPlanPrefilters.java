package io.cloudexfil.hunt.source.table;

import io.cloudexfil.hunt.source.prefilter.LinePrefilter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** For benchmarks: the line prefilters a plan kept by bin/hunt (its plan cache) restores its scans with. */
public final class KeptPlanPrefilters {

    private KeptPlanPrefilters() {}

    /** Per table, the prefilter of its scans (the first, if the plan's scans of a table accepted different filters). */
    public static Map<String, LinePrefilter> of(Path planFile) throws IOException {
        JsonNode prefilters = new ObjectMapper().readTree(planFile.toFile()).path("prefilters");
        Map<String, LinePrefilter> byTable = new TreeMap<>();
        prefilters.fields().forEachRemaining(e -> CompiledPrefilters.decode(e.getValue().asText()).values().stream()
                .filter(Objects::nonNull).findFirst().ifPresent(p -> byTable.put(e.getKey(), p)));
        return byTable;
    }
}
