package io.cloudexfil.hunt.detection;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.pipeline.DetectionCase;

import io.cloudexfil.hunt.source.DefenderTables;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * detection.yml invariants and test coverage rules (a missing test is a failure): the seed's own
 * rules first, then those every detection of the pack meets.
 */
class DetectionMetadataTest {

    static final Path REPO = TestRepo.root();
    static final String ID = Detection.DEFAULT;
    static final Path DIR = REPO.resolve("sql/detections").resolve(ID);
    static final Detection DETECTION = Detection.load(ID);
    static final JsonNode DOC = DETECTION.document();

    @Test
    void identityAndAttackMapping() {
        assertThat(DOC.path("id").asText()).isEqualTo(ID).matches("[a-z0-9_]+").startsWith("exfiltration_");
        assertThat(DOC.path("name").asText()).isNotBlank();
        assertThat(DOC.path("attack").path("tactic").path("id").asText()).isEqualTo("TA0010");
        assertThat(DOC.path("attack").path("tactic").path("name").asText()).isEqualTo("Exfiltration");
        assertThat(DOC.path("attack").path("technique").path("id").asText()).isEqualTo("T1567");
        assertThat(DOC.path("attack").path("technique").path("name").asText()).isEqualTo("Exfiltration Over Web Service");
        assertThat(DOC.path("attack").path("subtechnique").path("id").asText()).isEqualTo("T1567.002");
        assertThat(DOC.path("attack").path("subtechnique").path("name").asText()).isEqualTo("Exfiltration to Cloud Storage");
        assertThat(DOC.path("severity").asText()).isEqualTo("high");
        assertThat(DOC.path("confidence").asText()).isEqualTo("medium");
        assertThat(DOC.path("false_positives")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(DOC.path("known_gaps")).isNotEmpty();
        assertThat(DOC.path("data_sources")).isNotEmpty();
    }

    @Test
    void everyListedFileExistsAndEverySqlFileIsListed() throws IOException {
        assertThat(DIR.resolve(DOC.path("source").path("kql").asText())).exists();
        Set<String> listed = new HashSet<>(DETECTION.statements());
        for (String s : listed) {
            assertThat(DIR.resolve(s)).as(s).exists();
        }
        DETECTION.signals().forEach(s -> assertThat(listed).as("signal file " + s.file()).contains(s.file()));
        try (Stream<Path> files = Files.list(DIR)) {
            Set<String> sql = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .collect(Collectors.toSet());
            assertThat(sql).as("SQL files in " + DIR).isEqualTo(listed);
        }
        assertThat(REPO.resolve(DOC.path("tests").asText())).isDirectory();
    }

    @Test
    void techniqueInTheAlertsSqlMatchesTheMetadata() throws IOException {
        String alerts = Files.readString(DIR.resolve(DETECTION.statements().get(DETECTION.statements().size() - 1)));
        assertThat(alerts).contains("'" + DETECTION.techniqueId() + "' AS AttackTechnique");
        assertThat(alerts).contains("CREATE TEMPORARY VIEW " + DETECTION.output() + " AS");
    }

    @Test
    void everyParameterIsUsedBySqlAndEverySqlParameterIsDeclared() throws IOException {
        StringBuilder sql = new StringBuilder();
        for (String s : DETECTION.statements()) {
            sql.append(Files.readString(DIR.resolve(s)));
        }
        Set<String> declared = new HashSet<>(DETECTION.lists().keySet());
        declared.addAll(DETECTION.longs().keySet());
        Set<String> used = new HashSet<>();
        var m = java.util.regex.Pattern.compile("detection_(?:list|long)\\('([A-Za-z0-9]+)'\\)").matcher(sql);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isEqualTo(declared);
    }

    @Test
    void defaultsAreTheSeedsLists() {
        Map<String, List<String>> lists = DETECTION.lists();
        assertThat(lists.get("CloudStorageDomains")).hasSize(19).contains("content.dropboxapi.com", "api.mega.co.nz");
        assertThat(lists.get("CloudSyncBinaries")).containsExactly(
                "rclone.exe", "rclone", "azcopy.exe", "azcopy", "gsutil", "megaput", "megatools", "megacmd");
        assertThat(lists.get("SyncToolCommands")).hasSize(16).contains("mega:", ":s3");
        assertThat(lists.get("ApiUploadBinaries")).hasSize(9).contains("pwsh.exe");
        assertThat(lists.get("UploadIndicators")).hasSize(13).contains("-T ", "-d @");
        assertThat(DETECTION.longs().get("LargeUploadMinBytes")).isEqualTo(10485760L);
    }

    @Test
    void everySignalHasTruePositiveAndTrueNegativeCases() {
        List<DetectionCase> cases = DetectionCase.all(TestRepo.detectionCases(ID));
        for (int i = 0; i < DETECTION.signals().size(); i++) {
            String signal = DETECTION.signals().get(i).name();
            String prefix = "s" + (i + 1) + "_";
            long tp = cases.stream().filter(c -> c.name().startsWith(prefix + "tp_")
                    && c.kind().equals("true_positive") && c.signals().contains(signal)).count();
            long tn = cases.stream().filter(c -> c.name().startsWith(prefix + "tn_")
                    && c.kind().equals("true_negative") && c.signals().contains(signal)).count();
            assertThat(tp).as("true-positive cases of " + signal).isPositive();
            assertThat(tn).as("true-negative cases of " + signal).isPositive();
            // a true positive must expect at least one alert of its signal, a true negative none of it
            cases.stream().filter(c -> c.name().startsWith(prefix + "tp_")).forEach(c ->
                    assertThat(c.expected()).as(c.name()).anyMatch(a -> a.path("Signal").asText().equals(signal)));
            cases.stream().filter(c -> c.name().startsWith(prefix + "tn_")).forEach(c ->
                    assertThat(c.expected()).as(c.name()).noneMatch(a -> a.path("Signal").asText().equals(signal)));
        }
    }

    @Test
    void caseFoldersAreWellFormed() {
        Set<String> kinds = Set.of("true_positive", "true_negative", "known_false_positive", "window");
        Set<String> signalNames = DETECTION.signals().stream().map(Detection.Signal::name).collect(Collectors.toSet());
        for (DetectionCase c : DetectionCase.all(TestRepo.detectionCases(ID))) {
            assertThat(c.name()).matches("(s[1-3]_(tp|tn|fp)|window)_[a-z0-9_]+");
            assertThat(kinds).as(c.name()).contains(c.kind());
            assertThat(signalNames).as(c.name()).containsAll(c.signals());
            assertThat(c.dir().resolve("expected.jsonl")).exists();
            assertThat(Stream.of("DeviceProcessEvents.jsonl", "DeviceNetworkEvents.jsonl")
                    .anyMatch(f -> Files.exists(c.dir().resolve(f)))).as(c.name() + " has input").isTrue();
            if (c.name().contains("_fp_")) {
                assertThat(c.kind()).isEqualTo("known_false_positive");
                assertThat(c.expected()).as(c.name() + ": a known false positive alerts").isNotEmpty();
            }
            c.expected().forEach(a -> assertThat(a.path("AttackTechnique").asText()).isEqualTo("T1567.002"));
        }
    }

    // ---- every detection of the pack ----

    static Stream<String> shipped() {
        return DetectionPack.shippedIds().stream();
    }

    @Test
    void everyDetectionFolderIsInThePackAndHasTestCases() throws IOException {
        try (Stream<Path> dirs = Files.list(REPO.resolve("sql/detections"))) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList())
                    .as("folders under sql/detections = " + DetectionPack.INDEX)
                    .containsExactlyInAnyOrderElementsOf(DetectionPack.shippedIds());
        }
        try (Stream<Path> dirs = Files.list(REPO.resolve("test-data/detections"))) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList())
                    .as("folders under test-data/detections")
                    .containsExactlyInAnyOrderElementsOf(DetectionPack.shippedIds());
        }
        DetectionPack.shipped(); // parameter and signal names are unique across the pack
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void metadataIsComplete(String id) {
        Detection d = Detection.load(id);
        JsonNode doc = d.document();
        assertThat(doc.path("id").asText()).isEqualTo(id).matches("[a-z0-9_]+");
        assertThat(doc.path("name").asText()).isNotBlank();
        assertThat(doc.path("description").asText()).isNotBlank();
        assertThat(doc.path("version").asInt()).isPositive();
        assertThat(doc.path("attack").path("tactic").path("id").asText()).isEqualTo("TA0010");
        assertThat(doc.path("attack").path("technique").path("id").asText()).matches("T\\d{4}");
        assertThat(doc.path("severity").asText()).isIn("low", "medium", "high", "critical");
        assertThat(doc.path("confidence").asText()).isIn("low", "medium", "high");
        assertThat(doc.path("false_positives")).as(id + " false_positives").isNotEmpty();
        assertThat(doc.path("known_gaps")).as(id + " known_gaps").isNotEmpty();
        assertThat(doc.path("triage")).as(id + " triage").isNotEmpty();
        assertThat(doc.path("data_sources")).as(id + " data_sources").isNotEmpty();
        assertThat(doc.path("tests").asText()).isEqualTo("test-data/detections/" + id);
        assertThat(d.signals()).isNotEmpty();
        for (Detection.Signal s : d.signals()) {
            assertThat(s.name()).matches("[A-Z][A-Za-z0-9]+");
            assertThat(s.tables()).as(s.name() + " tables").isNotEmpty();
            assertThat(DefenderTables.READ).as(s.name() + " tables").containsAll(s.tables());
            JsonNode signalDoc = signalDoc(d, s.name());
            if (signalDoc.has("confidence")) {
                assertThat(signalDoc.path("confidence").asText()).isIn("low", "medium", "high");
            }
        }
    }

    private static JsonNode signalDoc(Detection d, String name) {
        for (JsonNode n : d.document().path("signals")) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name);
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void filesParametersAndOutputAgree(String id) throws IOException {
        Detection d = Detection.load(id);
        Path dir = REPO.resolve("sql/detections").resolve(id);
        Set<String> listed = new HashSet<>(d.statements());
        for (String st : listed) {
            assertThat(dir.resolve(st)).as(st).exists();
        }
        d.signals().forEach(sg -> assertThat(listed).as("signal file " + sg.file()).contains(sg.file()));
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> sql = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .collect(Collectors.toSet());
            assertThat(sql).as("SQL files in " + dir).isEqualTo(listed);
        }
        String last = Files.readString(dir.resolve(d.statements().get(d.statements().size() - 1)));
        assertThat(d.output()).matches("[A-Z][A-Za-z0-9]+Alerts");
        assertThat(last).contains("CREATE TEMPORARY VIEW " + d.output() + " AS");
        assertThat(last).contains("'" + id + "' AS Detection");
        StringBuilder sql = new StringBuilder();
        for (String st : d.statements()) {
            sql.append(Files.readString(dir.resolve(st)));
        }
        Set<String> declared = new HashSet<>(d.lists().keySet());
        declared.addAll(d.longs().keySet());
        Set<String> used = new HashSet<>();
        var m = java.util.regex.Pattern.compile("detection_(?:list|long)\\('([A-Za-z0-9]+)'\\)").matcher(sql);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).as(id + ": parameters used by its SQL").isEqualTo(declared);
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void everySignalHasTruePositiveAndTrueNegativeCasesThatSayWhy(String id) {
        Detection d = Detection.load(id);
        List<DetectionCase> cases = DetectionCase.all(TestRepo.detectionCases(id));
        Set<String> kinds = Set.of("true_positive", "true_negative", "known_false_positive", "window");
        Set<String> signalNames = d.signals().stream().map(Detection.Signal::name).collect(Collectors.toSet());
        for (DetectionCase c : cases) {
            assertThat(kinds).as(c.name()).contains(c.kind());
            assertThat(signalNames).as(c.name()).containsAll(c.signals());
            assertThat(c.meta().path("description").asText()).as(c.name() + " description").isNotBlank();
            assertThat(c.dir().resolve("expected.jsonl")).exists();
            assertThat(DefenderTables.READ.stream().anyMatch(t -> Files.exists(c.dir().resolve(t + ".jsonl"))))
                    .as(c.name() + " has input").isTrue();
            if (c.kind().equals("true_positive")) {
                assertThat(c.expected()).as(c.name() + " expects an alert of each of its signals")
                        .anySatisfy(a -> assertThat(c.signals()).contains(a.path("Signal").asText()));
            }
            if (c.kind().equals("true_negative")) {
                assertThat(c.expected()).as(c.name() + ": no alert of its signals")
                        .noneMatch(a -> c.signals().contains(a.path("Signal").asText()));
            }
            if (!id.equals(ID)) { // the seed's golden lines predate the pack's columns
                c.expected().forEach(a -> assertThat(a.path("Detection").asText()).as(c.name()).isEqualTo(id));
            }
        }
        for (String signal : signalNames) {
            assertThat(cases).as("true-positive cases of " + signal)
                    .anyMatch(c -> c.kind().equals("true_positive") && c.signals().contains(signal)
                            && c.expected().stream().anyMatch(a -> a.path("Signal").asText().equals(signal)));
            assertThat(cases).as("true-negative cases of " + signal)
                    .anyMatch(c -> c.kind().equals("true_negative") && c.signals().contains(signal));
        }
    }
}
