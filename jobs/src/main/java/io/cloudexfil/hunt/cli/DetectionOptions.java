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
            description = "YAML file whose 'parameters:' map replaces detection lists and thresholds.")
    Path config;

    /** The chosen detections with the file's parameters; a bad name or file is a usage error (exit 2). */
    DetectionPack pack(CommandLine cli) {
        try {
            DetectionPack pack = DetectionPack.select(detections);
            return config == null ? pack : pack.withOverrides(config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage(), e, null, null);
        }
    }
}
