package io.cloudexfil.hunt.tuning;

import io.cloudexfil.hunt.detection.DetectionPack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a tuning file: what it means, and one error naming the file and line for each mistake. */
class TuningFileTest {

    @TempDir
    Path tmp;

    private Path file(String text) throws Exception {
        Path f = tmp.resolve("tuning.yml");
        Files.writeString(f, text);
        return f;
    }

    static final String VALID = """
            parameters:
              LargeUploadMinBytes: 52428800
            lists:
              CloudSyncBinaries: {add: [restic, rclone.exe], remove: [megacmd]}
            allowlist:
              - id: onedrive-client
                reason: OneDrive's own client syncing to OneDrive
                expires: 2027-06-30
                signals: [LargeCloudUpload]
                initiating_process: OneDrive.exe
                initiating_process_folder: ['C:\\Users\\*\\AppData\\Local\\Microsoft\\OneDrive\\*']
                remote_host: [onedrive.live.com, sharepoint.com]
            """;

    @Test
    void aValidFileSaysWhatItMeans() throws Exception {
        Tuning t = TuningFile.read(file(VALID));
        assertThat(t.sha256()).hasSize(64);
        assertThat(t.replace().get("LargeUploadMinBytes").value()).isEqualTo("52428800");
        assertThat(t.replace().get("LargeUploadMinBytes").line()).isEqualTo(2);
        assertThat(t.lists().get("CloudSyncBinaries").value().add()).containsExactly("restic", "rclone.exe");
        AllowEntry e = t.allowlist().get(0);
        assertThat(e.id()).isEqualTo("onedrive-client");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.expiredOn(LocalDate.parse("2027-06-30"))).isFalse();
        assertThat(e.expiredOn(LocalDate.parse("2027-07-01"))).isTrue();

        AlertFields oneDrive = new AlertFields("exfiltration_cloud_storage", "LargeCloudUpload", "d1", "ws1", "alice",
                "onedrive.exe", "C:\\Users\\alice\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe".replace("OneDrive.exe", ""),
                "explorer.exe", null, null, "\"OneDrive.exe\" /background", "https://contoso-my.sharepoint.com/x", null, null);
        assertThat(e.matches(oneDrive)).isTrue();
        // rclone named OneDrive.exe in a folder of its own: not the client
        assertThat(e.matches(new AlertFields("exfiltration_cloud_storage", "LargeCloudUpload", "d1", "ws1", "alice",
                "OneDrive.exe", "C:\\Users\\Public\\", "cmd.exe", null, null, "OneDrive.exe copy c: mega:x",
                "onedrive.live.com", null, null))).isFalse();
        // another signal
        assertThat(e.matches(new AlertFields("exfiltration_cloud_storage", "CloudSyncTool", "d1", "ws1", "alice",
                "OneDrive.exe", "C:\\Users\\alice\\AppData\\Local\\Microsoft\\OneDrive\\", "explorer.exe", null, null,
                null, "onedrive.live.com", null, null))).isFalse();
    }

    @Test
    void aRepeatsRuleKeysAlertsByItsFieldsAndEndsPeriodsOnTheUtcGrid() throws Exception {
        Tuning t = TuningFile.read(file("""
                repeats:
                  - id: rclone-per-host
                    reason: one alert an hour per destination during a bulk transfer
                    period: 1h
                    signals: [RenamedRcloneConnection]
                    key: [remote_host, initiating_process]
                  - id: daily
                    reason: the rest once a day
                    period: 1d
                    expires: 2027-01-31
                """));
        RepeatRule hourly = t.repeats().get(0);
        assertThat(hourly.period()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(hourly.line()).isEqualTo(2);
        assertThat(t.repeats().get(1).expiredOn(LocalDate.parse("2027-02-01"))).isTrue();

        RepeatKey.Key key = new RepeatKey.Key(t.repeats(), LocalDate.parse("2027-01-31"));
        String a = key.eval("renamed_rclone", "RenamedRcloneConnection", "https://G123.userstorage.mega.co.nz/x", "1.2.3.4",
                null, "svchost.exe", null, null, null, null);
        String b = key.eval("renamed_rclone", "RenamedRcloneConnection", "g123.userstorage.mega.co.nz:443", "5.6.7.8",
                null, "SVCHOST.EXE", null, null, null, null);
        String other = key.eval("renamed_rclone", "RenamedRcloneConnection", "g124.userstorage.mega.co.nz", null,
                null, "svchost.exe", null, null, null, null);
        assertThat(a).isEqualTo(b).startsWith("rclone-per-host").isNotEqualTo(other);
        // another signal falls to the second rule, keyed by device and signal alone
        assertThat(key.eval("exfiltration_cloud_storage", "CloudSyncTool", null, null, null, null, null, null, null, null))
                .isEqualTo("daily");
        // expired: no rule applies
        assertThat(new RepeatKey.Key(t.repeats(), LocalDate.parse("2027-02-01"))
                .eval("exfiltration_cloud_storage", "CloudSyncTool", null, null, null, null, null, null, null, null)).isNull();

        RepeatKey.PeriodEnd end = new RepeatKey.PeriodEnd(t.repeats());
        assertThat(end.eval(java.time.Instant.parse("2026-11-20T10:05:00.123Z"), a))
                .isEqualTo(java.time.LocalDateTime.parse("2026-11-20T11:00:00"));
        // an alert at a period's end starts the next one
        assertThat(end.eval(java.time.Instant.parse("2026-11-20T11:00:00Z"), a))
                .isEqualTo(java.time.LocalDateTime.parse("2026-11-20T12:00:00"));
        assertThat(end.eval(java.time.Instant.parse("2026-11-20T23:59:59.999Z"), "daily"))
                .isEqualTo(java.time.LocalDateTime.parse("2026-11-21T00:00:00"));
        assertThat(end.eval(java.time.Instant.parse("2026-11-20T10:05:00Z"), null)).isNull();
    }

    @Test
    void theFilesListsAndThresholdsChangeThePack() throws Exception {
        DetectionPack pack = DetectionPack.seed().withOverrides(file(VALID));
        assertThat(pack.longs().get("LargeUploadMinBytes")).isEqualTo(52428800L);
        assertThat(pack.lists().get("CloudSyncBinaries")).contains("restic").doesNotContain("megacmd")
                .containsOnlyOnce("rclone.exe");
        assertThat(pack.allowlist()).hasSize(1);
        assertThat(pack.tuning().sha256()).isEqualTo(TuningFile.read(tmp.resolve("tuning.yml")).sha256());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown top key | colour: red | :1: unknown key 'colour'",
            "unknown entry key | allowlist:\\n  - id: a\\n    reason: r\\n    account: x\\n    acount: y | :5: unknown key 'acount'",
            "bad date | allowlist:\\n  - id: a\\n    reason: r\\n    expires: 2027-13-01\\n    account: x | :4: expires '2027-13-01' is not a date",
            "empty reason | allowlist:\\n  - id: a\\n    reason: ''\\n    account: x | :3: allowlist entry a needs a reason",
            "no reason | allowlist:\\n  - id: a\\n    account: x | :2: allowlist entry a needs a reason",
            "bad regex | allowlist:\\n  - id: a\\n    reason: r\\n    process_folder: 're:C:\\\\(Users' | :4: process_folder: pattern 're:C:\\\\(Users' does not compile",
            "no condition | allowlist:\\n  - id: a\\n    reason: r\\n    signals: [CloudSyncTool] | :2: allowlist entry a has no condition",
            "twice the same id | allowlist:\\n  - {id: a, reason: r, account: x}\\n  - {id: a, reason: r, account: y} | :3: allowlist entry id 'a' is used twice",
            "repeats not a list | repeats:\\n  period: 1h | :2: repeats must be a list",
            "repeats without a period | repeats:\\n  - {id: a, reason: r} | :2: repeats rule a needs a period",
            "repeats without a reason | repeats:\\n  - {id: a, period: 1h} | :2: repeats rule a needs a reason",
            "a period that does not divide a day | repeats:\\n  - {id: a, reason: r, period: 7h} | :2: period '7h' must be",
            "a period under the step | repeats:\\n  - {id: a, reason: r, period: 10m} | :2: period '10m' must be",
            "a period of two days | repeats:\\n  - {id: a, reason: r, period: 2d} | :2: period '2d' must be",
            "a period in words | repeats:\\n  - {id: a, reason: r, period: hourly} | :2: period 'hourly' must be",
            "an unknown key field | repeats:\\n  - {id: a, reason: r, period: 1h, key: [remote_hots]} | :2: unknown key field 'remote_hots'",
            "an unknown repeats key | repeats:\\n  - id: a\\n    reason: r\\n    period: 1h\\n    signal: [CloudSyncTool] | :5: unknown key 'signal'",
            "a repeats rule's unknown signal | repeats:\\n  - {id: a, reason: r, period: 1h, signals: [CloudSync]} | :2: repeats rule a: unknown signal 'CloudSync'",
            "twice the same rule id | repeats:\\n  - {id: a, reason: r, period: 1h}\\n  - {id: a, reason: r, period: 2h} | :3: repeats rule id 'a' is used twice",
            "duplicate key | parameters:\\n  LargeUploadMinBytes: 1\\n  LargeUploadMinBytes: 2 | :3: key 'LargeUploadMinBytes' is given twice",
            "unknown parameter | parameters:\\n  LargeUploadMinByte: 1 | :2: unknown parameter 'LargeUploadMinByte'",
            "not a number | parameters:\\n  LargeUploadMinBytes: ten | :2: parameter LargeUploadMinBytes must be an integer",
            "removing what is not there | lists:\\n  CloudSyncBinaries: {remove: [robocopy.exe]} | :2: list CloudSyncBinaries does not hold 'robocopy.exe'",
            "unknown signal | allowlist:\\n  - {id: a, reason: r, account: x, signals: [CloudSync]} | :2: allowlist entry a: unknown signal 'CloudSync'",
            "unknown detection | allowlist:\\n  - {id: a, reason: r, account: x, detections: [nope]} | :2: allowlist entry a: unknown detection 'nope'",
    })
    void everyMistakeIsOneErrorNamingTheFileAndLine(String what, String yaml, String message) throws Exception {
        Path f = file(yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> DetectionPack.shipped().withOverrides(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f.toString() + message.split(":", 3)[0] + ":" + message.split(":", 3)[1] + ":")
                .hasMessageContaining(message.split(":", 3)[2].strip())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void valuesAreDataWhateverTheyHold() throws Exception {
        String hostile = "x'); DROP TABLE Alerts; -- */ \\\\ \" OR 1=1";
        Tuning t = TuningFile.read(file("""
                lists:
                  CloudSyncBinaries: {add: ['%s']}
                allowlist:
                  - id: hostile
                    reason: '%s'
                    account: ['%s']
                """.formatted(hostile.replace("'", "''"), hostile.replace("'", "''"), hostile.replace("'", "''"))));
        assertThat(t.lists().get("CloudSyncBinaries").value().add()).containsExactly(hostile);
        assertThat(t.allowlist().get(0).reason()).isEqualTo(hostile);
        assertThat(t.allowlist().get(0).account().get(0).matches(hostile)).isTrue();
        assertThat(t.allowlist().get(0).account().get(0).matches("x")).isFalse();
    }
}
