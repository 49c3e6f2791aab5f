package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.MiniClusters;
import io.cloudexfil.hunt.TestRepo;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/hunt explain --config FILE [--input ROOT --from --to]}: every entry with its reason and
 * the number of alerts it suppressed in the input, the lists as they take effect (a list the file
 * changes shows its additions and removals), and an invalid file as one line naming its line.
 */
class ExplainCommandITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

    static final Path EXAMPLE = TestRepo.root().resolve("deploy/tuning.example.yml");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run explain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = HuntCli.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsEntriesWithReasonsAndCountsAndTheChangedLists() throws Exception {
        Path file = tmp.resolve("tuning.yml");
        Files.writeString(file, Files.readString(EXAMPLE)
                + "\nlists:\n  CloudSyncBinaries: {add: [restic.exe], remove: [megacmd]}\n");
        Run r = explain("--config", file.toString(),
                "--input", TestRepo.root().resolve("test-data/tuning/ci_azure_pipelines_agent").toString(),
                "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        assertThat(r.out())
                .contains("tuning " + file + " sha256 ")
                // the changed list: its effective values, with what the file added and removed
                .containsPattern("(?m)^  CloudSyncBinaries \\(8\\) \\+ restic\\.exe - megacmd$")
                .containsPattern("(?m)^    rclone\\.exe, rclone, azcopy\\.exe, azcopy, gsutil, megaput, megatools, restic\\.exe$")
                .containsPattern("(?m)^  SyncToolCommands \\(\\d+\\) = shipped$")
                .containsPattern("(?m)^  LargeUploadMinBytes = 10485760 \\(shipped\\)$")
                .contains("allowlist (12 entries)")
                .containsPattern("(?m)^  ci-azure-pipelines  \\(" + java.util.regex.Pattern.quote(file.toString()) + ":\\d+\\)$")
                .contains("    reason: Azure Pipelines agents (C:\\agent\\, deployment groups under C:\\azagent\\) uploading "
                        + "release artifacts with azcopy copy")
                .contains("    reason: OneDrive sync client (per-user install under AppData or per-machine under Program Files) "
                        + "syncing files to OneDrive")
                .containsPattern("(?m)^  ci-jenkins \\[until 2027-06-30\\]  \\(")
                .contains("    initiating_process: Agent.Worker.exe")
                // the run over the input: two azcopy uploads, two signals each, all suppressed by one entry
                .containsPattern("(?m)^over .* alerts 0$")
                .contains("suppressed 4")
                .containsPattern("(?m)^  ci-azure-pipelines +4$")
                .containsPattern("(?m)^  onedrive-client +0$");
    }

    @Test
    void printsTheRepeatsRulesAndWhatTheyFoldedInTheInput() throws Exception {
        Path rules = TestRepo.root().resolve("test-data/repeats/tuning.yml");
        Run r = explain("--config", rules.toString(), "--detection", "renamed_rclone",
                "--input", TestRepo.root().resolve("test-data/repeats").toString(),
                "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("repeats (3 rules)")
                .containsPattern("(?m)^  rclone-connections-per-host  \\(" + java.util.regex.Pattern.quote(rules.toString()) + ":\\d+\\)$")
                .contains("    one alert per device, signal, remote_host per 1h")
                .contains("    one alert per device, signal per 6h")
                .contains("    signals: ManySmallUploads")
                // six connections of one device to one host in two hours, one more to another host
                .containsPattern("(?m)^  RenamedRcloneConnection +3$")
                .contains("repeats folded 4 alerts")
                .containsPattern("(?m)^  lab-workstation +1$");
    }

    @Test
    void anInvalidFileIsOneLineWithItsLineAndExitTwo() throws Exception {
        Path file = tmp.resolve("bad.yml");
        Files.writeString(file, String.join("\n",
                "allowlist:",
                "  - id: onedrive-client",
                "    reason: OneDrive syncing",
                "    expires: 2027-13-45",
                "    initiating_process: [OneDrive.exe]",
                ""));
        Run r = explain("--config", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n")
                .startsWith("hunt explain: " + file + ":4: ")
                .contains("2027-13-45");
    }
}
