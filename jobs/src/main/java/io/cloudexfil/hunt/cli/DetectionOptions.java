package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.detection.DetectionPack;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which detections a command runs, and the file that sets their parameters. */
public final class DetectionOptions {

    @Option(names = "--detection", paramLabel = "NAME",
            description = "Run only this detection (repeatable; default: every shipped one; "
                    + "'bin/hunt detections' lists them).")
    List<String> detections = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Tuning file: parameters (lists and thresholds), additions to and removals from "
                    + "lists, an allowlist with a reason per entry (deploy/tuning.example.yml).")
    Path config;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DetectionOptions.class);

    /** The chosen detections with the file's parameters; a bad name or file is a usage error (exit 2). */
    DetectionPack pack(CommandLine cli) {
        DetectionPack pack;
        try {
            pack = DetectionPack.select(detections);
            pack = config == null ? pack : pack.withOverrides(config);
        } catch (IllegalArgumentException e) {
            // (the five-argument constructor refuses a null option and value: it threw instead of reporting)
            throw new CommandLine.ParameterException(cli, e.getMessage(), e);
        }
        if (pack.tuning() != null) {
            LOG.info("tuning file {} sha256 {}", pack.tuning().file(), pack.tuning().sha256());
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            for (io.cloudexfil.hunt.tuning.AllowEntry e : pack.allowlist()) {
                if (e.expiredOn(today)) {
                    cli.getErr().printf("hunt %s: warning: allowlist entry %s (%s:%d) expired on %s and no longer "
                            + "applies%n", cli.getCommandName(), e.id(), pack.tuning().file(), e.line(), e.expires());
                }
            }
            for (io.cloudexfil.hunt.tuning.RepeatRule r : pack.repeats()) {
                if (r.expiredOn(today)) {
                    cli.getErr().printf("hunt %s: warning: repeats rule %s (%s:%d) expired on %s and no longer "
                            + "applies%n", cli.getCommandName(), r.id(), pack.tuning().file(), r.line(), r.expires());
                }
            }
        }
        return pack;
    }
}
