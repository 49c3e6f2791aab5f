package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tuning file's repeats rules over test-data/repeats (its tuning.yml): at most one alert per
 * device, signal and key per period, the period's first, carrying how many alerts it stands for;
 * the same in batch and in a stream; nothing lost (the alerts without the rules are exactly the
 * folded ones' members); an allowlisted alert is not a repeat.
 */
class RepeatsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

    static final Path INPUT = TestRepo.root().resolve("test-data/repeats");
    static final Path RULES = INPUT.resolve("tuning.yml");
    /** The detections whose signals the rules name, and the renamed-rclone process signal no rule names. */
    static final List<String> DETECTIONS = List.of("exfiltration_cloud_storage", "renamed_rclone", "chunked_cloud_upload");
    static final HuntWindow DAY = HuntWindow.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"));

    @TempDir
    static Path tmp;

    static List<JsonNode> plain;
    static List<JsonNode> folded;
    static BatchHunt.Result foldedRun;

    @BeforeAll
    static void runBoth() throws Exception {
        plain = DetectionCase.readJsonLines(Path.of(batch("plain", DetectionPack.select(DETECTIONS)).alertsFile()));
        foldedRun = batch("folded", DetectionPack.select(DETECTIONS).withOverrides(RULES));
        folded = DetectionCase.readJsonLines(Path.of(foldedRun.alertsFile()));
    }

    static BatchHunt.Result batch(String out, DetectionPack pack) throws Exception {
        return BatchHunt.run(new BatchHunt.Options(INPUT.toString(), tmp.resolve(out).toString(), DAY, pack,
                2, null, false, false, false, null, false));
    }

    static List<JsonNode> of(List<JsonNode> alerts, String signal) {
        return alerts.stream().filter(a -> a.path("Signal").asText().equals(signal)).toList();
    }

    /** "DeviceName RemoteUrl Timestamp xRepeats" of a signal's alerts, sorted. */
    static List<String> summary(List<JsonNode> alerts, String signal) {
        return of(alerts, signal).stream()
                .map(a -> a.path("DeviceName").asText() + " " + a.path("RemoteUrl").asText() + " "
                        + a.path("Timestamp").asText().substring(11, 16) + " x" + a.path("Repeats").asLong())
                .sorted().toList();
    }

    @Test
    void eachRulesPeriodGivesOneAlertPerDeviceAndKeyCarryingItsCount() {
        // host names are case-folded; the re-delivered 10:20 line is one alert, not a repeat
        assertThat(summary(folded, "RenamedRcloneConnection")).containsExactly(
                "fs07.corp.contoso.com GFS270N101.userstorage.mega.co.nz 11:10 x2",
                "fs07.corp.contoso.com gfs270n101.userstorage.mega.co.nz 10:05 x4",
                "fs07.corp.contoso.com gfs302n118.userstorage.mega.co.nz 10:25 x1");
        assertThat(summary(folded, "CloudSyncTool")).containsExactly("fs08.corp.contoso.com null 09:00 x3");
        // two one-hour windows, both known within one six-hour period: the first stands for both
        assertThat(summary(folded, "ManySmallUploads")).containsExactly("fs09.corp.contoso.com mega.co.nz 10:47 x2");
        // signals without a rule: as without the file, each standing for itself
        List<String> others = folded.stream().map(a -> a.path("Signal").asText())
                .filter(s -> !List.of("RenamedRcloneConnection", "CloudSyncTool", "ManySmallUploads").contains(s)).toList();
        assertThat(others).containsExactlyInAnyOrder("RenamedRcloneProcess", "RcloneFlagCluster");
        assertThat(folded.stream().filter(a -> others.contains(a.path("Signal").asText())).map(a -> a.path("Repeats").asLong()))
                .containsOnly(1L);
        assertThat(DetectionCase.canonical(folded.stream().filter(a -> others.contains(a.path("Signal").asText())).toList()))
                .containsExactlyElementsOf(DetectionCase.canonical(plain.stream()
                        .filter(a -> others.contains(a.path("Signal").asText())).toList()));
    }

    @Test
    void nothingIsLostTheFoldedAlertIsItsPeriodsFirstAndTheCountsAddUp() {
        assertThat(plain).allSatisfy(a -> assertThat(a.path("Repeats").asLong()).isEqualTo(1L));
        for (String signal : List.of("RenamedRcloneConnection", "CloudSyncTool", "ManySmallUploads")) {
            List<JsonNode> without = new ArrayList<>(of(plain, signal));
            if (signal.equals("RenamedRcloneConnection")) { // the lab workstation's alert is the allowlist's
                without.removeIf(a -> a.path("DeviceName").asText().startsWith("lab-ws-"));
            }
            long stoodFor = of(folded, signal).stream().mapToLong(a -> a.path("Repeats").asLong()).sum();
            assertThat(stoodFor).as(signal).isEqualTo(without.size()).isGreaterThan(of(folded, signal).size());
            // each folded alert is, column for column, the earliest alert of its group without the rules
            for (JsonNode f : of(folded, signal)) {
                JsonNode asPlain = ((ObjectNode) f.deepCopy()).put("Repeats", 1L);
                assertThat(DetectionCase.canonical(List.of(asPlain))).isSubsetOf(DetectionCase.canonical(without));
                assertThat(without.stream().filter(a -> a.path("DeviceId").equals(f.path("DeviceId"))
                                && Instant.parse(a.path("Timestamp").asText()).isBefore(Instant.parse(f.path("Timestamp").asText()))
                                && sameGroup(a, f, signal)))
                        .as("an earlier alert of the same group than " + f).isEmpty();
            }
        }
    }

    /** Whether a plain alert falls in the folded one's group: the same host and hour, or else the same day. */
    private static boolean sameGroup(JsonNode a, JsonNode f, String signal) {
        String ta = a.path("Timestamp").asText();
        String tf = f.path("Timestamp").asText();
        return switch (signal) {
            case "RenamedRcloneConnection" -> a.path("RemoteUrl").asText().equalsIgnoreCase(f.path("RemoteUrl").asText())
                    && ta.substring(0, 13).equals(tf.substring(0, 13));
            default -> ta.substring(0, 10).equals(tf.substring(0, 10));
        };
    }

    @Test
    void anAllowlistedAlertIsSuppressedNotCountedAsARepeat() {
        assertThat(of(plain, "RenamedRcloneConnection")).anySatisfy(a ->
                assertThat(a.path("DeviceName").asText()).startsWith("lab-ws-"));
        assertThat(of(folded, "RenamedRcloneConnection")).noneSatisfy(a ->
                assertThat(a.path("DeviceName").asText()).startsWith("lab-ws-"));
    }

    @Test
    void aStreamFoldsAsBatchDoes() throws Exception {
        Path streamOut = tmp.resolve("stream-out");
        StreamHunt.start(StreamParityITCase.bounded(INPUT.toString(), streamOut, DAY,
                DetectionPack.select(DETECTIONS).withOverrides(RULES))).await();
        assertThat(DetectionCase.canonical(StreamParityITCase.committedAlerts(streamOut)))
                .containsExactlyElementsOf(DetectionCase.canonical(folded));
    }

    /** The run's count of folded alerts (the summary's "repeats folded N"), per signal. */
    @Test
    void theRunCountsWhatTheRulesFolded() {
        assertThat(foldedRun.foldedBySignal()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "CloudSyncTool", 2L, "ManySmallUploads", 1L, "RenamedRcloneConnection", 4L)));
        assertThat(foldedRun.alerts()).isEqualTo(folded.size());
    }
}
