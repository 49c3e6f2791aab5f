package io.cloudexfil.hunt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The warm JVM of the benchmarks' {@code HUNT_DAEMON=on} runs: bin/hunt keeps its socket and pid
 * file under {@code $TMPDIR/hunt-daemon-<uid>}, and a benchmark gives those runs a TMPDIR of its
 * own, so that it waits for and stops its own warm JVM only (by the pid it recorded).
 */
final class WarmJvm {

    private final Path tmpdir;

    WarmJvm(Path tmpdir) {
        this.tmpdir = tmpdir;
    }

    /** The TMPDIR to give bin/hunt. */
    Path tmpdir() {
        return tmpdir;
    }

    Path dir() throws IOException {
        Files.createDirectories(tmpdir);
        return tmpdir.resolve("hunt-daemon-" + Files.getAttribute(tmpdir, "unix:uid"));
    }

    /** Waits until the warm JVM that a first run started listens (it warms up first); false after 120 s. */
    boolean await() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(dir())) {
                if (files.anyMatch(f -> f.getFileName().toString().endsWith(".sock"))) {
                    return true;
                }
            } catch (NoSuchFileException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Stops each warm JVM of this TMPDIR by the pid it recorded, while that pid is still a warm JVM. */
    void stop() throws Exception {
        Path dir = dir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> pidFiles;
        try (var files = Files.list(dir)) {
            pidFiles = files.filter(f -> f.getFileName().toString().endsWith(".sock.pid")).toList();
        }
        for (Path pidFile : pidFiles) {
            long pid;
            try {
                pid = Long.parseLong(Files.readString(pidFile).strip());
            } catch (NoSuchFileException e) {
                continue; // it stopped meanwhile
            }
            var process = ProcessHandle.of(pid).filter(p -> p.info().commandLine()
                    .map(c -> c.contains("io.cloudexfil.hunt.cli.daemon.HuntDaemon")).orElse(false));
            if (process.isPresent()) {
                process.get().destroy();
                process.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** {@link #stop} when this JVM ends, also by System.exit after a failed run. */
    WarmJvm stopAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop();
            } catch (Exception e) {
                System.err.println("could not stop the warm JVM under " + tmpdir + ": " + e);
            }
        }, "stop-warm-jvm"));
        return this;
    }
}
