package io.cloudexfil.hunt.cli;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.pipeline.DetectionCase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.cloudexfil.hunt.cli.HuntCliEndToEndITCase.huntWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/hunt with the warm JVM (HUNT_DAEMON=on), as a user runs it: a first run in a JVM of its own
 * leaves a warm JVM behind, which runs the next ones for callers in other directories, with their
 * relative paths, log files, errors and exit codes, and stops by the pid it recorded.
 */
class WarmJvmITCase {

    private static final String WINDOW_FROM = "2026-11-20T00:00:00Z";
    private static final String WINDOW_TO = "2026-11-21T00:00:00Z";

    @Test
    void aWarmJvmRunsTheNextRunsAsTheirOwnJvmWould(@TempDir Path tmp) throws Exception {
        Path tmpdir = Files.createDirectories(tmp.resolve("tmpdir"));
        Path daemonDir = tmpdir.resolve("hunt-daemon-" + Files.getAttribute(tmp, "unix:uid"));
        // its own TMPDIR (the warm JVM's socket and pid file), no warm-up runs (its first run warms it)
        Map<String, String> env = Map.of("HUNT_DAEMON", "on", "TMPDIR", tmpdir.toString(), "HUNT_DAEMON_WARM_UP", "0",
                "HUNT_DAEMON_IDLE", "300");
        try {
            Path first = callerDir(tmp, "first");
            HuntCliEndToEndITCase.Run own = huntWith(first, with(env, "HUNT_LOG", tmp.resolve("first.log")), "batch",
                    "--input", "test-data/sample/input", "--output", "out", "--from", WINDOW_FROM, "--to", WINDOW_TO);
            assertThat(own.exit()).as(own.err()).isZero();
            assertThat(Files.readString(tmp.resolve("first.log"))).doesNotContain("run by the warm JVM");
            awaitSocket(daemonDir);

            // another caller, elsewhere, with its own relative paths and log file
            Path second = callerDir(tmp, "second");
            Path log = tmp.resolve("second.log");
            HuntCliEndToEndITCase.Run warm = huntWith(second, with(env, "HUNT_LOG", log), "batch", "--input",
                    "test-data/sample/input", "--output", "out", "--from", WINDOW_FROM, "--to", WINDOW_TO);
            assertThat(warm.exit()).as(warm.err()).isZero();
            assertThat(Files.readString(log)).contains("run by the warm JVM (pid " + pid(daemonDir).orElseThrow() + ") for a caller in "
                    + second.toRealPath());
            List<JsonNode> alerts = DetectionCase.readJsonLines(second.resolve("out/alerts.jsonl"));
            assertThat(alerts).isEqualTo(DetectionCase.readJsonLines(first.resolve("out/alerts.jsonl")));
            assertThat(alerts).hasSizeGreaterThan(54); // the pack: the seed's 54 and more
            assertThat(summary(warm.out())).isEqualTo(summary(own.out()));
            // nothing of one run stays in the warm JVM for the next: the same run again, the same summary
            HuntCliEndToEndITCase.Run again = huntWith(second, env, "batch", "--input", "test-data/sample/input",
                    "--output", "out", "--overwrite", "--from", WINDOW_FROM, "--to", WINDOW_TO);
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(summary(again.out())).isEqualTo(summary(own.out()));
            assertThat(DetectionCase.readJsonLines(second.resolve("out/alerts.jsonl"))).isEqualTo(alerts);

            // an existing output is refused as in a JVM of its own: one line, its exit code
            HuntCliEndToEndITCase.Run refused = huntWith(second, env, "batch", "--input", "test-data/sample/input",
                    "--output", "out", "--from", WINDOW_FROM, "--to", WINDOW_TO);
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err().lines()).hasSize(1).allMatch(l -> l.startsWith("hunt batch: "));
            HuntCliEndToEndITCase.Run usage = huntWith(second, env, "batch", "--input", "test-data/sample/input");
            assertThat(usage.exit()).isEqualTo(2);
            assertThat(usage.err().lines()).hasSize(1);
            assertThat(usage.err()).contains("--output");

            HuntCliEndToEndITCase.Run status = huntWith(second, env, "daemon", "status");
            assertThat(status.out()).startsWith("warm JVM pid " + pid(daemonDir).orElseThrow() + ", serving");
        } finally {
            long pid = pid(daemonDir).orElse(-1L);
            HuntCliEndToEndITCase.Run stop = huntWith(tmp, Map.of("TMPDIR", tmpdir.toString()), "daemon", "stop");
            // also when bin/hunt could not: the pid it recorded, while that is still the warm JVM
            ProcessHandle.of(pid).filter(p -> p.info().commandLine().orElse("").contains("HuntDaemon")).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
            assertThat(stop.exit()).as(stop.err()).isZero();
            assertThat(stop.out()).isEqualTo(pid < 0 ? "no warm JVM\n" : "stopped warm JVM pid " + pid + "\n");
        }
        try (var left = Files.list(daemonDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".sock") || n.endsWith(".pid"));
        }
    }

    /** The run summary's counts: without the input and output paths (given relative, shown absolute), times and plan. */
    private static List<String> summary(String out) {
        return out.lines().filter(l -> !l.startsWith("input ") && !l.startsWith("elapsed ") && !l.startsWith("plan "))
                .map(l -> l.replaceAll("-> \\S*alerts\\.jsonl", "-> alerts.jsonl")).toList();
    }

    /** A working directory of its own that sees the bundled sample at test-data/. */
    private static Path callerDir(Path tmp, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.createSymbolicLink(dir.resolve("test-data"), TestRepo.root().resolve("test-data"));
        return dir;
    }

    private static Map<String, String> with(Map<String, String> env, String key, Path value) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put(key, value.toString());
        return all;
    }

    private static void awaitSocket(Path daemonDir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(daemonDir)) {
                try (var files = Files.list(daemonDir)) {
                    if (files.anyMatch(f -> f.toString().endsWith(".sock"))) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no warm JVM listened in " + daemonDir + " within 120 s");
    }

    private static Optional<Long> pid(Path daemonDir) throws Exception {
        if (!Files.isDirectory(daemonDir)) {
            return Optional.empty();
        }
        try (var files = Files.list(daemonDir)) {
            Optional<Path> pidFile = files.filter(f -> f.toString().endsWith(".sock.pid")).findFirst();
            return pidFile.isPresent() ? Optional.of(Long.parseLong(Files.readString(pidFile.get()).strip())) : Optional.empty();
        }
    }
}
