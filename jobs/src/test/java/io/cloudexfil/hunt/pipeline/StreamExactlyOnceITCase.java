package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watched folder: files dropped while the job runs are picked up; the job is stopped hard in the
 * middle of the stream, resumed from its last retained checkpoint, and the committed output equals
 * the batch result over the same input: nothing lost, nothing written twice. De-duplication is
 * off, so it cannot hide a replayed write.
 */
class StreamExactlyOnceITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

    static final int FILES = 12;
    static final int ROWS_PER_FILE = 400;

    /** Writes a hidden file and renames it, as the README asks writers to do. */
    static void drop(Path dir, int file) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ROWS_PER_FILE; i++) {
            long reportId = file * 100_000L + i;
            boolean hit = i % 3 != 2; // two rows in three alert
            sb.append("{\"Timestamp\":\"2026-11-20T10:").append(String.format("%02d", file % 60)).append(":00.")
                    .append(String.format("%07d", i)).append("Z\",\"DeviceId\":\"dev").append(file % 7)
                    .append("\",\"DeviceName\":\"h.contoso.com\",\"FileName\":\"").append(hit ? "rclone.exe" : "notepad.exe")
                    .append("\",\"ProcessCommandLine\":\"x\",\"AccountName\":\"u\",\"ReportId\":").append(reportId).append("}\n");
        }
        Path hidden = dir.resolve(".f" + file + ".jsonl.tmp");
        Files.writeString(hidden, sb);
        Files.move(hidden, dir.resolve("f" + file + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
    }

    static StreamHunt.Options options(Path in, Path out, String restore) {
        return new StreamHunt.Options(in.toString(), out.toString(), HuntWindow.unbounded(),
                io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, Duration.ofMillis(400), Duration.ofMinutes(5),
                Duration.ofMillis(300), Duration.ofHours(24), restore, null, true, false);
    }

    static int committed(Path out) throws Exception {
        return StreamParityITCase.committedAlerts(out).size();
    }

    static void waitFor(Path out, int atLeast, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (committed(out) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    @Test
    void stopInTheMiddleResumeFromTheCheckpointAndLoseOrRepeatNothing(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in/DeviceProcessEvents"));
        Path out = tmp.resolve("out");
        int perFile = (int) (ROWS_PER_FILE - ROWS_PER_FILE / 3);

        JobClient first = StreamHunt.start(options(tmp.resolve("in"), out, null)).getJobClient().orElseThrow();
        for (int f = 0; f < FILES / 2; f++) {
            drop(in, f);
            Thread.sleep(150);
        }
        waitFor(out, perFile, 60); // alerts of the first files are committed: we are mid-stream
        int before = committed(out);
        assertThat(before).isPositive();
        first.cancel().get(60, TimeUnit.SECONDS); // a hard stop: no final checkpoint, in-progress files stay uncommitted

        for (int f = FILES / 2; f < FILES; f++) {
            drop(in, f); // arrives while the job is down
        }
        String restore = Checkpoints.latest(out.resolve(StreamHunt.CHECKPOINTS_DIR).toString());
        JobClient second = StreamHunt.start(options(tmp.resolve("in"), out, restore)).getJobClient().orElseThrow();
        waitFor(out, FILES * perFile, 120);
        Thread.sleep(2000); // a few more checkpoints: any duplicate would be committed by now
        second.cancel().get(60, TimeUnit.SECONDS);

        BatchHunt.Result batch = BatchHunt.run(new BatchHunt.Options(tmp.resolve("in").toString(),
                tmp.resolve("batch").toString(), HuntWindow.unbounded(), io.cloudexfil.hunt.detection.DetectionPack.seed(), 2,
                null, false, true));
        List<String> expected = DetectionCase.canonical(DetectionCase.readJsonLines(Path.of(batch.alertsFile())));
        assertThat(expected).hasSize(FILES * perFile);
        List<String> actual = DetectionCase.canonical(StreamParityITCase.committedAlerts(out));
        assertThat(actual).hasSize(expected.size()).containsExactlyElementsOf(expected);
    }
}
