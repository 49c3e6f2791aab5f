package io.cloudexfil.hunt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths into the repository (test-data, bin/hunt) for tests. */
public final class TestRepo {

    private TestRepo() {}

    public static Path root() {
        String prop = System.getProperty("hunt.repo");
        Path p = prop != null ? Paths.get(prop) : Paths.get("..");
        if (!Files.isDirectory(p.resolve("test-data"))) {
            p = Paths.get(".").toAbsolutePath();
        }
        return p.toAbsolutePath().normalize();
    }

    public static Path detectionCases(String detection) {
        return root().resolve("test-data/detections").resolve(detection);
    }
}
