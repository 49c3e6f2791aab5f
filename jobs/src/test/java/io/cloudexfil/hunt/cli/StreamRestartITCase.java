package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.pipeline.BatchHunt;
import io.cloudexfil.hunt.pipeline.DetectionCase;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.cloudexfil.hunt.cli.StreamKillRestoreITCase.committed;
import static io.cloudexfil.hunt.cli.StreamKillRestoreITCase.drop;
import static io.cloudexfil.hunt.cli.StreamKillRestoreITCase.start;
import static io.cloudexfil.hunt.cli.StreamKillRestoreITCase.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/hunt stream as a user restarts it: stopped (SIGTERM, as Ctrl-C), it says how to resume;
 * started again with the same command, no --restore, it resumes from the newest checkpoint in OUT:
 * the files of the first run are not read again and no alert is written twice.
 */
class StreamRestartITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(); // for the batch reference

    /** Reads a process's output until it holds {@code text} or the process ends or the time is up. */
    static boolean waitForText(Path log, String text, Process p, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(text)) {
                return true;
            }
            if (!p.isAlive()) {
                return Files.readString(log).contains(text);
            }
            Thread.sleep(250);
        }
        return false;
    }

    @Test
    void aMistypedTableFolderIsAnErrorAtStartAndAWarningWhenItAppears(@TempDir Path tmp) throws Exception {
        Path typo = Files.createDirectories(tmp.resolve("bad/DeviceProcesEvents"));
        drop(typo, 0);
        Process refused = start(tmp.resolve("bad"), tmp.resolve("out1"), tmp.resolve("refused.log"));
        try {
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).as("a mistyped folder stops the start").isTrue();
        } finally {
            refused.destroyForcibly();
        }
        assertThat(refused.exitValue()).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("refused.log"))).contains("unknown table folder 'DeviceProcesEvents'");

        Path in = Files.createDirectories(tmp.resolve("in/DeviceProcessEvents"));
        Process running = start(tmp.resolve("in"), tmp.resolve("out2"), tmp.resolve("running.log"));
        try {
            assertThat(waitForText(tmp.resolve("running.log"), "hunt stream: job", running, 120)).isTrue();
            drop(Files.createDirectories(tmp.resolve("in/DeviceNetworkEvent")), 1);
            assertThat(waitForText(tmp.resolve("running.log"), "unknown table folder 'DeviceNetworkEvent'", running, 60))
                    .as(Files.readString(tmp.resolve("running.log"))).isTrue();
            assertThat(running.isAlive()).as("a folder that appears later stops nothing").isTrue();
        } finally {
            running.destroyForcibly();
            running.waitFor(30, TimeUnit.SECONDS);
        }
        String log = Files.readString(tmp.resolve("running.log"));
        assertThat(log.indexOf("unknown table folder")).as("reported once").isEqualTo(log.lastIndexOf("unknown table folder"));
    }

    @Test
    void anAttachedStreamReportsItsCheckpointsItsWindowAndASummaryOnStop(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in/DeviceProcessEvents"));
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("stream.log");
        drop(in, 0); // events at 11:00, before the window; the stream is prefiltered: half the rows cannot alert
        Process p = start(tmp.resolve("in"), out, log, "--from", "2026-11-20T11:01:00Z");
        try {
            assertThat(waitForText(log, "events 150 (in the window 0, outside it 150), lines passed over unparsed 150", p, 120))
                    .as(Files.readString(tmp.resolve("stream.log"))).isTrue();
            assertThat(waitForText(log, "warning: no event inside the window [2026-11-20T11:01:00Z, +inf)", p, 30))
                    .as(Files.readString(log)).isTrue();
            drop(in, 1); // events at 11:01, inside
            assertThat(waitForText(log, "events 300 (in the window 150, outside it 150), lines passed over unparsed 300", p, 60)).as(Files.readString(log)).isTrue();
            waitFor(out, 150, 60);
            assertThat(waitForText(log, "alerts committed 150", p, 60)).as(Files.readString(log)).isTrue();
            p.destroy(); // SIGTERM, as Ctrl-C
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(log);
        assertThat(text).contains("(committed every 1s)");
        assertThat(text).containsPattern("checkpoint \\d+: files 2, events 300 \\(in the window 150, outside it 150\\)"
                + ", lines passed over unparsed 300, rejected 2, alerts committed 150");
        assertThat(text).containsPattern("hunt stream: stopped after [^:]+: files 2, events 300 .*alerts committed 150");
        assertThat(text.indexOf("warning: no event inside")).isEqualTo(text.lastIndexOf("warning: no event inside"));
    }

    @Test
    void theSameCommandAgainResumesWithoutDuplicates(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in/DeviceProcessEvents"));
        Path out = tmp.resolve("out");
        for (int f = 0; f < 3; f++) {
            drop(in, f);
        }
        Process first = start(tmp.resolve("in"), out, tmp.resolve("first.log"));
        try {
            waitFor(out, 3 * 150, 120);
            assertThat(committed(out)).as(Files.readString(tmp.resolve("first.log"))).hasSize(3 * 150);
            Thread.sleep(1500); // another checkpoint completes
            first.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook runs
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.destroyForcibly();
        }
        String stopped = Files.readString(tmp.resolve("first.log"));
        assertThat(stopped).contains("run the same command again to resume").contains("--fresh");

        for (int f = 3; f < 5; f++) {
            drop(in, f);
        }
        Process second = start(tmp.resolve("in"), out, tmp.resolve("second.log")); // no --restore
        try {
            waitFor(out, 5 * 150, 120);
            Thread.sleep(3000); // more checkpoints: a duplicate would be committed by now
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }
        String resumed = Files.readString(tmp.resolve("second.log"));
        assertThat(resumed).containsPattern("resumed from \\S*" + out.resolve("_checkpoints") + "/\\w+/chk-\\d+ ");

        BatchHunt.Result batch = BatchHunt.run(new BatchHunt.Options(tmp.resolve("in").toString(),
                tmp.resolve("batch").toString(), HuntWindow.unbounded(), io.cloudexfil.hunt.detection.DetectionPack.seed(), 2, null, false, true));
        List<String> expected = DetectionCase.canonical(DetectionCase.readJsonLines(Path.of(batch.alertsFile())));
        List<String> actual = DetectionCase.canonicalLines(committed(out));
        assertThat(new HashSet<>(actual)).as("no alert written twice").hasSize(actual.size());
        assertThat(actual).as(resumed).hasSize(5 * 150).containsExactlyElementsOf(expected);
    }
}
