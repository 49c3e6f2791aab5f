package io.cloudexfil.hunt.cli;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.detection.DetectionPack;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code hunt detections}: the shipped detections, their signals, tables and ATT&CK ids. */
@Command(
        name = "detections",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Lists the shipped detections (sql/detections/<name>/detection.yml): for each, its ATT&CK "
                    + "ids, severity and confidence, the tables it reads, and its signals (the Signal "
                    + "column of its alerts). batch, stream and query run all of them unless "
                    + "--detection NAME names some."
        },
        footerHeading = "%nExample:%n",
        footer = "  bin/hunt detections | less")
final class DetectionsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Detection d : DetectionPack.shipped().detections()) {
            JsonNode doc = d.document();
            out.println(d.id() + "  " + doc.path("name").asText());
            out.println("  attack:     " + String.join(", ", attackIds(d)));
            out.println("  severity:   " + doc.path("severity").asText() + ", confidence " + doc.path("confidence").asText());
            out.println("  tables:     " + String.join(", ", d.tables()));
            out.println("  signals:");
            for (Detection.Signal s : d.signals()) {
                out.println("    " + s.name() + "  (" + String.join(" + ", s.tables()) + ")");
            }
            out.println();
        }
        out.flush();
        return 0;
    }

    /** The tactic, then every technique the detection or one of its signals names. */
    static Set<String> attackIds(Detection d) {
        Set<String> ids = new LinkedHashSet<>();
        JsonNode attack = d.document().path("attack");
        for (String k : new String[] {"tactic", "technique", "subtechnique"}) {
            if (attack.path(k).has("id")) {
                ids.add(attack.path(k).path("id").asText());
            }
        }
        d.document().path("signals").forEach(s -> {
            if (s.hasNonNull("technique")) {
                ids.add(s.path("technique").asText());
            }
        });
        return ids;
    }
}
