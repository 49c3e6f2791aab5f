package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.cli.HuntCli;
import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped example tuning file (deploy/tuning.example.yml) against test-data/tuning/: every
 * case runs the whole pack in batch without and with the file. A {@code suppressed} case alerts
 * without it and gives nothing with it, each suppressed alert counted under one of the case's
 * entries and kept (--show-suppressed) with its SuppressedBy; an {@code attack} case gives the same
 * alerts with and without it. Streams apply the allowlist as batch does; values of the file are
 * data; an expired entry stops applying and the CLI says so.
 */
class TuningExampleITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

    static final Path EXAMPLE = TestRepo.root().resolve("deploy/tuning.example.yml");
    static final Path CASES = TestRepo.root().resolve("test-data/tuning");
    static final List<String> TABLES = List.of("DeviceProcessEvents", "DeviceNetworkEvents", "DeviceFileEvents");

    @TempDir
    static Path tmp;

    /** A folder of test-data/tuning/: case.yml (kind, entries, window) and one JSON-lines file per table. */
    record TuningCase(String name, Path dir, JsonNode meta) {

        static List<TuningCase> all() {
            try (Stream<Path> dirs = Files.list(CASES)) {
                return dirs.filter(Files::isDirectory).sorted().map(d -> {
                    try {
                        return new TuningCase(d.getFileName().toString(), d, DetectionCase.YAML.readTree(d.resolve("case.yml").toFile()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String kind() {
            return meta.path("kind").asText();
        }

        List<String> entries() {
            List<String> out = new ArrayList<>();
            meta.path("entries").forEach(e -> out.add(e.asText()));
            return out;
        }

        HuntWindow window() {
            return HuntWindow.between(Instant.parse(meta.path("window").path("from").asText()),
                    Instant.parse(meta.path("window").path("to").asText()));
        }
    }

    static BatchHunt.Result batch(Path input, String out, HuntWindow window, DetectionPack pack) throws Exception {
        return BatchHunt.run(new BatchHunt.Options(input.toString(), tmp.resolve(out).toString(), window, pack, 2,
                null, false, false, false, null, true));
    }

    static List<String> alerts(BatchHunt.Result r) {
        return DetectionCase.canonical(DetectionCase.readJsonLines(Path.of(r.alertsFile())));
    }

    static List<JsonNode> suppressedLines(String out) {
        Path f = tmp.resolve(out).resolve(BatchHunt.SUPPRESSED_DIR).resolve("suppressed.jsonl");
        return Files.exists(f) ? DetectionCase.readJsonLines(f) : List.of();
    }

    /** A suppressed alert as the alert it would have been: without SuppressedBy. */
    static List<String> asAlerts(List<JsonNode> suppressed) {
        return DetectionCase.canonical(suppressed.stream().map(n -> (JsonNode) ((ObjectNode) n.deepCopy()).without("SuppressedBy")).toList());
    }

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The key (DeviceId, ReportId) of every event of a case. Every signal of the pack alerts on one
     * event, so a case's alerts in a run over all cases together are those of its events: two
     * batch runs (without and with the file) serve every case.
     */
    static java.util.Set<String> keys(TuningCase c) throws IOException {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String table : TABLES) {
            Path f = c.dir().resolve(table + ".jsonl");
            if (Files.exists(f)) {
                DetectionCase.readJsonLines(f).forEach(n -> out.add(key(n)));
            }
        }
        return out;
    }

    static String key(JsonNode n) {
        return n.path("DeviceId").asText() + "/" + n.path("ReportId").asLong();
    }

    static List<JsonNode> of(List<JsonNode> lines, java.util.Set<String> keys) {
        return lines.stream().filter(n -> keys.contains(key(n))).toList();
    }

    /** The runs over every case's input together: without the file, and with it (--show-suppressed). */
    record Runs(Path input, List<JsonNode> plain, BatchHunt.Result tuned, List<JsonNode> tunedAlerts,
                List<JsonNode> suppressed) {}

    private static Runs runs;

    static synchronized Runs runs() throws Exception {
        if (runs == null) {
            Path input = allCasesInput("all-input");
            BatchHunt.Result plain = batch(input, "all-plain", DAY, DetectionPack.shipped());
            BatchHunt.Result tuned = batch(input, "all-tuned", DAY, DetectionPack.shipped().withOverrides(EXAMPLE));
            runs = new Runs(input, DetectionCase.readJsonLines(Path.of(plain.alertsFile())), tuned,
                    DetectionCase.readJsonLines(Path.of(tuned.alertsFile())), suppressedLines("all-tuned"));
        }
        return runs;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseWithAndWithoutTheExample() {
        List<TuningCase> cases = TuningCase.all();
        assertThat(cases).extracting(TuningCase::kind).contains("suppressed", "attack").allMatch(k -> k.equals("suppressed") || k.equals("attack"));
        List<String> ids = DetectionPack.shipped().withOverrides(EXAMPLE).allowlist().stream().map(e -> e.id()).toList();
        Stream<DynamicTest> counted = Stream.of(DynamicTest.dynamicTest("the counts per entry are the kept alerts", () -> {
            Runs r = runs();
            Map<String, Long> kept = r.suppressed().stream().collect(Collectors.groupingBy(
                    n -> n.path("SuppressedBy").asText(), java.util.TreeMap::new, Collectors.counting()));
            assertThat(r.tuned().suppressedByEntry()).isEqualTo(kept);
            assertThat(r.tuned().alerts() + r.suppressed().size()).isEqualTo(r.plain().size());
            // every entry of the example suppresses something in its cases
            assertThat(kept.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        }));
        return Stream.concat(counted, cases.stream().map(c -> DynamicTest.dynamicTest(c.kind() + "/" + c.name(), () -> {
            Runs r = runs();
            java.util.Set<String> keys = keys(c);
            List<String> before = DetectionCase.canonical(of(r.plain(), keys));
            List<String> after = DetectionCase.canonical(of(r.tunedAlerts(), keys));
            List<JsonNode> kept = of(r.suppressed(), keys);
            assertThat(before).as("%s alerts without the tuning file", c.name()).isNotEmpty();
            if (c.kind().equals("suppressed")) {
                assertThat(c.entries()).as("entries of %s", c.name()).isNotEmpty().allMatch(ids::contains);
                assertThat(after).as("%s alerts with the tuning file", c.name()).isEmpty();
                assertThat(kept).extracting(n -> n.path("SuppressedBy").asText()).as("entries that suppressed %s", c.name())
                        .allMatch(c.entries()::contains);
                assertThat(asAlerts(kept)).as("the suppressed alerts are those of the run without the file")
                        .containsExactlyElementsOf(before);
            } else {
                assertThat(after).as("%s: the attack alerts as without the file", c.name())
                        .containsExactlyElementsOf(before);
                assertThat(kept).isEmpty();
            }
        })));
    }

    /** Every case's tables together in one input root (the cases share one day). */
    static Path allCasesInput(String name, String... extraProcessLines) throws IOException {
        Path root = tmp.resolve(name);
        Files.createDirectories(root);
        for (TuningCase c : TuningCase.all()) {
            for (String table : TABLES) {
                Path f = c.dir().resolve(table + ".jsonl");
                if (Files.exists(f)) {
                    Files.write(root.resolve(table + ".jsonl"), Files.readAllBytes(f), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
        for (String line : extraProcessLines) {
            Files.writeString(root.resolve("DeviceProcessEvents.jsonl"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return root;
    }

    static final HuntWindow DAY = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));

    @Test
    void aStreamAppliesTheExampleAsBatchDoes() throws Exception {
        Runs r = runs();
        Path streamOut = tmp.resolve("stream-out");
        StreamHunt.start(StreamParityITCase.bounded(r.input().toString(), streamOut, DAY,
                DetectionPack.shipped().withOverrides(EXAMPLE))).await();
        List<String> stream = DetectionCase.canonical(StreamParityITCase.committedAlerts(streamOut));
        assertThat(stream).isNotEmpty().containsExactlyElementsOf(DetectionCase.canonical(r.tunedAlerts()));
        assertThat(r.suppressed()).isNotEmpty();
    }

    /** A process event of the safety test: a command line and account an attacker controls. */
    static String row(long reportId, String account, String folder, String commandLine) {
        ObjectNode n = DetectionCase.JSON.createObjectNode();
        n.put("Timestamp", "2026-11-20T12:00:00.0000000Z");
        n.put("DeviceId", "5d1f6b0c2a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c");
        n.put("DeviceName", "lab-ws-0001.corp.contoso.com");
        n.put("ActionType", "ProcessCreated");
        n.put("FileName", "backup.exe");
        n.put("FolderPath", folder);
        n.put("ProcessCommandLine", commandLine);
        n.put("AccountName", account);
        n.put("InitiatingProcessFileName", "cmd.exe");
        n.put("InitiatingProcessFolderPath", "C:\\Windows\\System32\\cmd.exe");
        n.put("InitiatingProcessCommandLine", "\"C:\\Windows\\system32\\cmd.exe\"");
        n.put("InitiatingProcessParentFileName", "explorer.exe");
        n.put("InitiatingProcessSignerType", "OsVendor");
        n.put("InitiatingProcessSignatureStatus", "Valid");
        n.put("ReportId", reportId);
        return n.toString();
    }

    static final String INJECTION = "x'); DROP TABLE Alerts; --";

    /**
     * List and allowlist values with quotes, backslashes, comment markers and SQL keywords are
     * data: the run works, the added list value matches the command line that holds it, the entry
     * suppresses exactly the alert whose account and folder are those strings, and every other
     * alert is as without the file.
     */
    @Test
    void valuesOfTheFileAreData() throws Exception {
        String folder = "C:\\Temp\\it's */ -- \"dir\"\\backup.exe";
        Path file = tmp.resolve("odd-values.yml");
        Files.writeString(file, String.join("\n",
                "lists:",
                "  SyncToolCommands: {add: [\"" + INJECTION + "\"]}",
                "allowlist:",
                "  - id: odd-values",
                "    reason: 'it''s \"data\" -- not SQL */ ; DROP TABLE Alerts'",
                "    signals: [CloudSyncTool]",
                "    account: [\"o'brien\\\\x\"]",          // YAML "o'brien\\x": o'brien\x
                "    process_folder: ['" + folder.replace("'", "''") + "']",
                "    command_line_has: [\"" + INJECTION + "\"]",
                ""), StandardCharsets.UTF_8);
        String listed = row(30001, "m.jones", "C:\\Temp\\backup.exe", "backup.exe /quiet " + INJECTION + " /end");
        String allowed = row(30002, "o'brien\\x", folder, "backup.exe /quiet " + INJECTION + " /end");
        String otherAccount = row(30003, "obrien", folder, "backup.exe /quiet " + INJECTION + " /end");
        Path input = allCasesInput("odd-input", listed, allowed, otherAccount);

        List<String> plain = alerts(batch(input, "odd-plain", DAY, DetectionPack.shipped()));
        BatchHunt.Result with = batch(input, "odd-tuned", DAY, DetectionPack.shipped().withOverrides(file));
        List<String> tuned = alerts(with);

        List<String> added = new ArrayList<>(tuned);
        plain.forEach(added::remove);
        assertThat(added).as("alerts the added list value brings").hasSize(2)
                .allMatch(a -> a.contains("\"Signal\":\"CloudSyncTool\""))
                .anyMatch(a -> a.contains("\"ReportId\":30001")).anyMatch(a -> a.contains("\"ReportId\":30003"));
        List<String> rest = new ArrayList<>(tuned);
        added.forEach(rest::remove);
        assertThat(rest).as("every other alert as without the file").containsExactlyElementsOf(plain);
        assertThat(with.suppressedByEntry()).containsExactly(Map.entry("odd-values", 1L));
        assertThat(suppressedLines("odd-tuned")).singleElement().satisfies(n -> {
            assertThat(n.path("ReportId").asLong()).isEqualTo(30002);
            assertThat(n.path("AccountName").asText()).isEqualTo("o'brien\\x");
            assertThat(n.path("ProcessCommandLine").asText()).contains(INJECTION);
        });
    }

    /** An entry past its expires day does not apply: its alerts come back, and the CLI warns. */
    @Test
    void anExpiredEntryNoLongerSuppresses() throws Exception {
        String text = Files.readString(EXAMPLE);
        String marker = "reason: Nightly rclone backup task (Task Scheduler) of the file server to the backup bucket\n    expires: 2027-06-30";
        assertThat(text).contains(marker);
        Path expired = tmp.resolve("expired.yml");
        Files.writeString(expired, text.replace(marker, marker.replace("2027-06-30", "2026-01-31")));
        TuningCase c = TuningCase.all().stream().filter(t -> t.name().equals("scheduled_rclone_backup")).findFirst().orElseThrow();

        BatchHunt.Result r = batch(c.dir(), "expired", c.window(), DetectionPack.shipped().withOverrides(expired));
        List<JsonNode> back = DetectionCase.readJsonLines(Path.of(r.alertsFile()));
        assertThat(back).singleElement().satisfies(a -> {
            assertThat(a.path("Signal").asText()).isEqualTo("CloudSyncTool");
            assertThat(a.path("DeviceName").asText()).isEqualTo("fs-01.corp.contoso.com");
        });
        assertThat(r.suppressedByEntry()).containsExactly(Map.entry("scheduled-rclone-backup-linux", 1L));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HuntCli.execute(new String[] {"explain", "--config", expired.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("hunt explain: warning: allowlist entry scheduled-rclone-backup-windows ("
                + expired + ":").contains("expired on 2026-01-31 and no longer applies");
        assertThat(err.toString().lines().filter(l -> l.contains("warning")).collect(Collectors.toList())).hasSize(1);
        assertThat(out.toString()).contains("scheduled-rclone-backup-windows [EXPIRED 2026-01-31, not applied]");
    }
}
