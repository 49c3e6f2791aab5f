package io.cloudexfil.hunt.cli;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.pipeline.DetectionCase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs bin/hunt itself, as a user does, in a separate process. */
class HuntCliEndToEndITCase {

    /**
     * The first bin/hunt run after a build prepares the class-data archive (and says so on
     * stderr); the tests below check a run's stderr, whichever of them runs first.
     */
    @BeforeAll
    static void prepareTheLauncher() throws Exception {
        assertThat(huntIn(null, "--version").exit()).isZero();
    }

    record Run(int exit, String out, String err) {}

    static Run hunt(String... args) throws IOException, InterruptedException {
        return huntIn(null, args);
    }

    /** bin/hunt run from a working directory (null: the build's). */
    static Run huntIn(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(TestRepo.root().resolve("bin/hunt").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        assertThat(done).as("bin/hunt finished").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theReadmeCommandWithRelativePathsFindsTheBundledAlerts(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Run r = huntIn(TestRepo.root(), "batch", "--input", "test-data/sample/input", "--output", out.toString(),
                "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("alerts 54 ").doesNotContain("rejected lines");
        assertThat(DetectionCase.readJsonLines(out.resolve("alerts.jsonl"))).hasSize(54);
    }

    @Test
    void batchOnAnAtomicTestCaseWritesItsGoldenAlertsAndASummary(@TempDir Path tmp) throws Exception {
        Path c = TestRepo.detectionCases("exfiltration_cloud_storage").resolve("s2_tp_atomic_rclone_mega_config_and_copy");
        Path out = tmp.resolve("out");
        Run r = hunt("batch", "--input", c.toString(), "--output", out.toString(),
                "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> actual = DetectionCase.readJsonLines(out.resolve("alerts.jsonl"));
        List<JsonNode> expected = DetectionCase.readJsonLines(c.resolve("expected.jsonl"));
        assertThat(DetectionCase.canonical(actual)).containsExactlyElementsOf(DetectionCase.canonical(expected));
        assertThat(r.out()).contains("DeviceProcessEvents", "events", "CloudSyncTool", "elapsed");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void errorsAreOneLineAndNonZero(@TempDir Path tmp) throws Exception {
        Run missing = hunt("batch", "--input", tmp.resolve("nope").toString(), "--output", tmp.resolve("o").toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err().strip()).doesNotContain("\n").contains("does not exist");

        Files.createDirectories(tmp.resolve("root/DeviceProcesEvents"));
        Run typo = hunt("batch", "--input", tmp.resolve("root").toString(), "--output", tmp.resolve("o2").toString());
        assertThat(typo.exit()).isNotZero();
        assertThat(typo.err().strip()).doesNotContain("\n").contains("unknown table folder 'DeviceProcesEvents'");

        Run badArg = hunt("batch", "--input", "x", "--output", "y", "--lookback", "soon");
        assertThat(badArg.exit()).isEqualTo(2);
        assertThat(badArg.err().strip()).doesNotContain("\n").contains("--lookback");

        Run help = hunt("batch", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--from", "--as-of", "--lookback");
    }

    @Test
    void queryPrintsJsonLinesWithTheKqlFunctions(@TempDir Path tmp) throws Exception {
        Path c = TestRepo.detectionCases("exfiltration_cloud_storage").resolve("s2_tp_m01_conti_rclone_mega");
        Run r = hunt("query", "SELECT FileName, has_any(ProcessCommandLine, detection_list('SyncToolCommands')) AS hit "
                + "FROM DeviceProcessEvents WHERE has(FileName, 'rclone.exe')", "--input", c.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"FileName\":\"rclone.exe\",\"hit\":true}");
    }
}
