package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.pipeline.BatchHunt;
import io.cloudexfil.hunt.pipeline.DetectionCase;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/hunt stream as a user runs it, killed with SIGKILL in the middle of a stream, started again
 * with --restore: the committed alerts equal the batch result over the same files.
 */
class StreamKillRestoreITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(); // for the batch reference

    static void drop(Path dir, int file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            sb.append("{\"Timestamp\":\"2026-11-20T11:").append(String.format("%02d", file)).append(":00.")
                    .append(String.format("%07d", i)).append("Z\",\"DeviceId\":\"d").append(file)
                    .append("\",\"FileName\":\"").append(i % 2 == 0 ? "rclone.exe" : "cmd.exe")
                    .append("\",\"ProcessCommandLine\":\"").append(i % 2 == 0 ? "rclone copy a mega:b" : "cmd /c dir")
                    .append("\",\"ReportId\":").append(file * 1000 + i).append("}\n");
        }
        sb.append("{\"Timestamp\":\"yesterday\",\"FileName\":\"rclone.exe\"}\n"); // set aside, never stops the job
        Path hidden = dir.resolve(".f" + file + ".partial");
        Files.writeString(hidden, sb);
        Files.move(hidden, dir.resolve("f" + file + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
    }

    static Process start(Path in, Path out, Path log, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(TestRepo.root().resolve("bin/hunt").toString(), "stream",
                "--input", in.toString(), "--output", out.toString(), "--checkpoint-interval", "1s",
                "--monitor-interval", "500ms", "--keep-duplicates", "--parallelism", "2"));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(log.toFile()).redirectErrorStream(true);
        pb.environment().put("HUNT_LOG", log.toString() + ".flink");
        return pb.start();
    }

    static List<String> committed(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        Path dir = out.resolve("alerts");
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        lines.removeIf(String::isBlank);
        return lines;
    }

    static void waitFor(Path out, int atLeast, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (committed(out).size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    @Test
    void killNineAndRestore(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in/DeviceProcessEvents"));
        Path out = tmp.resolve("out");
        // a partial file under a hidden name is never read, even while the job runs
        Files.writeString(in.resolve(".incoming.jsonl"), "{\"Timestamp\":\"2026-11-20T11:00:00Z\",\"FileName\":\"rclone.exe\",\"ReportId\":1}\n");

        Process first = start(tmp.resolve("in"), out, tmp.resolve("first.log"));
        for (int f = 0; f < 4; f++) {
            drop(in, f);
            Thread.sleep(300);
        }
        waitFor(out, 150, 120);
        assertThat(committed(out)).as(Files.readString(tmp.resolve("first.log"))).isNotEmpty();
        Thread.sleep(1500); // at least one more checkpoint completes
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        for (int f = 4; f < 8; f++) {
            drop(in, f);
        }
        Process second = start(tmp.resolve("in"), out, tmp.resolve("second.log"), "--restore",
                out.resolve("_checkpoints").toString());
        int expectedCount = 8 * 150;
        waitFor(out, expectedCount, 120);
        Thread.sleep(3000); // more checkpoints: a duplicate would be committed by now
        second.destroyForcibly();
        second.waitFor(30, TimeUnit.SECONDS);
        assertThat(Files.readString(tmp.resolve("second.log"))).contains("restored from");

        BatchHunt.Result batch = BatchHunt.run(new BatchHunt.Options(tmp.resolve("in").toString(),
                tmp.resolve("batch").toString(), HuntWindow.unbounded(), io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, null, false, true));
        List<String> expected = DetectionCase.canonical(DetectionCase.readJsonLines(Path.of(batch.alertsFile())));
        assertThat(expected).hasSize(expectedCount);
        List<String> actual = DetectionCase.canonicalLines(committed(out));
        assertThat(actual).hasSize(expectedCount).containsExactlyElementsOf(expected);
        assertThat(batch.counters()).containsEntry("rejected.DeviceProcessEvents.bad_timestamp", 8L);
    }
}
