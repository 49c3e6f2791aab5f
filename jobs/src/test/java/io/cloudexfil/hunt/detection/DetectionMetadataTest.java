package io.cloudexfil.hunt.detection;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.pipeline.DetectionCase;

import org.junit.jupiter.api.Test;

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

/** detection.yml invariants and test coverage rules (a missing test is a failure). */
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
        assertThat(alerts).contains("CREATE TEMPORARY VIEW HuntAlerts");
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
}
