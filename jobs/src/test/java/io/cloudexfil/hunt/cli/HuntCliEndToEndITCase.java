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
        return huntWith(workDir, java.util.Map.of(), args);
    }

    /** bin/hunt with environment variables set (an empty value removes the variable). */
    static Run huntWith(Path workDir, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(TestRepo.root().resolve("bin/hunt").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().remove("HUNT_LOG");
        pb.environment().remove("HUNT_DAEMON"); // off a terminal: a JVM of its own, unless a test says otherwise
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        assertThat(done).as("bin/hunt finished").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** stderr without the launcher's notes on a first run (building, preparing the class-data archive). */
    static String messages(String err) {
        return err.lines().filter(l -> !l.startsWith("hunt: building") && !l.startsWith("hunt: preparing"))
                .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
    }

    @Test
    void theReadmeCommandWithRelativePathsFindsTheBundledAlerts(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Run r = huntIn(TestRepo.root(), "batch", "--input", "test-data/sample/input", "--output", out.toString(),
                "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> alerts = DetectionCase.readJsonLines(out.resolve("alerts.jsonl"));
        assertThat(r.out()).contains("alerts " + alerts.size() + " ").doesNotContain("rejected lines");
        // every detection runs; the seed's share is the bundled golden file's 54
        assertThat(alerts.stream().filter(a -> a.path("Detection").asText().equals("exfiltration_cloud_storage")))
                .hasSize(54);
        assertThat(alerts.stream().map(a -> a.path("Detection").asText()).distinct()).hasSizeGreaterThan(1);
    }

    @Test
    void theReadmesFirstCommandRunsAgainAsWritten(@TempDir Path tmp) throws Exception {
        String readme = Files.readString(TestRepo.root().resolve("README.md"));
        String first = readme.substring(readme.indexOf("## Two commands")).lines()
                .filter(l -> l.startsWith("    bin/hunt ")).findFirst().orElseThrow().strip();
        List<String> args = new ArrayList<>(List.of(first.split("\\s+")));
        args.remove(0); // bin/hunt
        // a copy of the repository's working directory: the command's relative paths, its own 'out'
        Files.createSymbolicLink(tmp.resolve("test-data"), TestRepo.root().resolve("test-data"));
        for (int run = 1; run <= 2; run++) {
            Run r = huntIn(tmp, args.toArray(new String[0]));
            assertThat(r.exit()).as("run " + run + ": " + r.err()).isZero();
            assertThat(r.out()).containsPattern("alerts \\d+ -> out/alerts.jsonl");
            assertThat(r.out()).contains("CloudSyncTool", "RenamedRcloneProcess");
        }
    }

    /** The seed's columns, in the order the hunt wrote them before the pack. */
    static final List<String> SEED_COLUMNS = List.of("Timestamp", "DeviceName", "AccountName", "RemoteUrl", "RemoteIP",
            "RemotePort", "BytesSent", "FileName", "ProcessCommandLine", "InitiatingProcessFileName",
            "InitiatingProcessCommandLine", "InitiatingProcessParentFileName", "Signal", "DeviceId", "ReportId",
            "AttackTechnique");

    @Test
    void theSeedAloneGivesTheSeedsAlertsWithThePacksColumnsAfterItsOwn(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Run r = huntIn(TestRepo.root(), "batch", "--input", "test-data/sample/input", "--output", out.toString(),
                "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z",
                "--detection", "exfiltration_cloud_storage");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> actual = DetectionCase.readJsonLines(out.resolve("alerts.jsonl"));
        assertThat(DetectionCase.canonical(actual)).containsExactlyElementsOf(DetectionCase.canonical(
                DetectionCase.readJsonLines(TestRepo.root().resolve("test-data/sample/expected.jsonl"))));
        for (JsonNode a : actual) {
            List<String> keys = new ArrayList<>();
            a.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactlyElementsOf(concat(SEED_COLUMNS, List.of("Detection", "FolderPath", "EvidenceReportIds", "Repeats", "AlertId")));
            assertThat(a.get("Detection").asText()).isEqualTo("exfiltration_cloud_storage");
            assertThat(a.get("FolderPath").isNull()).isTrue();
            assertThat(a.get("EvidenceReportIds").toString()).isEqualTo("[" + a.get("ReportId").asLong() + "]");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void detectionsListsThePackAndAnUnknownNameIsOneLine(@TempDir Path tmp) throws Exception {
        Run list = hunt("detections");
        assertThat(list.exit()).as(list.err()).isZero();
        for (String id : io.cloudexfil.hunt.detection.DetectionPack.shippedIds()) {
            assertThat(list.out()).contains(id + "  ");
            io.cloudexfil.hunt.detection.Detection.load(id).signals()
                    .forEach(sg -> assertThat(list.out()).contains("    " + sg.name() + "  ("));
        }
        assertThat(list.out()).contains("TA0010, T1567, T1567.002", "CloudSyncTool  (DeviceProcessEvents)");

        Run bad = hunt("batch", "--input", TestRepo.root().resolve("test-data/sample/input").toString(),
                "--output", tmp.resolve("out").toString(), "--detection", "exfiltration_cloud_storage",
                "--detection", "no_such_detection");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(messages(bad.err()).strip()).doesNotContain("\n")
                .startsWith("hunt batch: unknown detection 'no_such_detection' (known: exfiltration_cloud_storage");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void batchOnAnAtomicTestCaseWritesItsGoldenAlertsAndASummary(@TempDir Path tmp) throws Exception {
        Path c = TestRepo.detectionCases("exfiltration_cloud_storage").resolve("s2_tp_atomic_rclone_mega_config_and_copy");
        Path out = tmp.resolve("out");
        Run r = hunt("batch", "--input", c.toString(), "--output", out.toString(),
                "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z", "--detection", "exfiltration_cloud_storage");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> actual = DetectionCase.readJsonLines(out.resolve("alerts.jsonl"));
        List<JsonNode> expected = DetectionCase.readJsonLines(c.resolve("expected.jsonl"));
        assertThat(DetectionCase.canonical(actual)).containsExactlyElementsOf(DetectionCase.canonical(expected));
        assertThat(r.out()).contains("DeviceProcessEvents", "events", "CloudSyncTool", "elapsed");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aRunWithNoEventInsideTheWindowSaysWhatTimesItSawAndWarns(@TempDir Path tmp) throws Exception {
        Path table = Files.createDirectories(tmp.resolve("in/DeviceProcessEvents"));
        String rclone = "\",\"FileName\":\"rclone.exe\",\"ProcessCommandLine\":\"rclone copy a mega:b\",\"DeviceId\":\"d\",\"ReportId\":";
        // two files: two splits, read by two subtasks whose earliest and latest times are combined
        Files.writeString(table.resolve("a.jsonl"), "{\"Timestamp\":\"2026-01-05T10:00:00Z" + rclone + "1}\n"
                + "{\"Timestamp\":\"2026-01-07T00:00:00.5Z" + rclone + "2}\n"
                + "{\"Timestamp\":\"2025-12-01T00:00:00Z\",\"FileName\":\"cmd.exe\",\"ReportId\":3}\n");
        Files.writeString(table.resolve("b.jsonl"), "{\"Timestamp\":\"2026-02-01T00:00:00Z" + rclone + "4}\n");
        Run r = hunt("batch", "--input", tmp.resolve("in").toString(), "--output", tmp.resolve("out").toString(),
                "--from", "2026-03-01T00:00:00Z", "--to", "2026-03-02T00:00:00Z", "--parallelism", "2",
                "--detection", "exfiltration_cloud_storage");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("alerts 0 ")
                .contains("events in the window 0, outside it 3, event times 2026-01-05T10:00:00Z to 2026-02-01T00:00:00Z");
        assertThat(messages(r.err()).strip()).doesNotContain("\n")
                .contains("warning: no event inside the window [2026-03-01T00:00:00Z, 2026-03-02T00:00:00Z)")
                .contains("2026-01-05T10:00:00Z to 2026-02-01T00:00:00Z");

        Run inside = hunt("batch", "--input", tmp.resolve("in").toString(), "--output", tmp.resolve("out2").toString(),
                "--from", "2026-01-06T00:00:00Z", "--detection", "exfiltration_cloud_storage");
        assertThat(inside.exit()).as(inside.err()).isZero();
        assertThat(inside.out()).contains("alerts 2 ").contains("events in the window 2, outside it 1, event times "
                + "2026-01-05T10:00:00Z to 2026-02-01T00:00:00Z");
        assertThat(messages(inside.err())).isEmpty();
    }

    @Test
    void everyRunLogsToItsOwnFileAndAFailureNamesIt(@TempDir Path tmp) throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("TMPDIR", Files.createDirectories(tmp.resolve("t")).toString());
        Run first = huntWith(null, env, "batch", "--input", tmp.resolve("nope").toString(), "--output", tmp.resolve("o").toString());
        Run second = huntWith(null, env, "batch", "--input", tmp.resolve("nope2").toString(), "--output", tmp.resolve("o").toString());
        Path firstLog = detailsLog(first);
        Path secondLog = detailsLog(second);
        assertThat(firstLog).isNotEqualTo(secondLog).startsWith(tmp.resolve("t"));
        assertThat(Files.readString(firstLog)).contains("hunt batch failed").contains("nope does not exist")
                .doesNotContain("nope2");
        assertThat(Files.readString(secondLog)).contains("nope2 does not exist");

        // HUNT_LOG names one file for every run: each adds to it, none truncates it
        Path shared = tmp.resolve("shared.log");
        Run a = huntWith(null, java.util.Map.of("HUNT_LOG", shared.toString()), "batch", "--input", tmp.resolve("a").toString(),
                "--output", tmp.resolve("o").toString());
        Run b = huntWith(null, java.util.Map.of("HUNT_LOG", shared.toString()), "batch", "--input", tmp.resolve("b").toString(),
                "--output", tmp.resolve("o").toString());
        assertThat(detailsLog(a)).isEqualTo(shared);
        assertThat(detailsLog(b)).isEqualTo(shared);
        assertThat(Files.readString(shared)).contains(tmp.resolve("a") + " does not exist", tmp.resolve("b") + " does not exist")
                .doesNotContain("\u0000");
    }

    /** The log a failed run's one-line error names ({@code details: PATH}). */
    static Path detailsLog(Run r) {
        assertThat(r.exit()).isEqualTo(1);
        String line = messages(r.err()).strip();
        assertThat(line).doesNotContain("\n").containsPattern("; details: \\S+$");
        return Path.of(line.substring(line.lastIndexOf("details: ") + "details: ".length()));
    }

    @Test
    void errorsAreOneLineAndNonZero(@TempDir Path tmp) throws Exception {
        Run missing = hunt("batch", "--input", tmp.resolve("nope").toString(), "--output", tmp.resolve("o").toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(messages(missing.err()).strip()).doesNotContain("\n").contains("does not exist");

        Files.createDirectories(tmp.resolve("root/DeviceProcesEvents"));
        Run typo = hunt("batch", "--input", tmp.resolve("root").toString(), "--output", tmp.resolve("o2").toString());
        assertThat(typo.exit()).isNotZero();
        assertThat(messages(typo.err()).strip()).doesNotContain("\n").contains("unknown table folder 'DeviceProcesEvents'");

        Run badArg = hunt("batch", "--input", "x", "--output", "y", "--lookback", "soon");
        assertThat(badArg.exit()).isEqualTo(2);
        assertThat(messages(badArg.err()).strip()).doesNotContain("\n").contains("--lookback");

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
