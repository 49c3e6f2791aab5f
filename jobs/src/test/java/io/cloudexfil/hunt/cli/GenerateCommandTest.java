package io.cloudexfil.hunt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {

    record Run(int exit, String out, String err) {}

    static Run hunt(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HuntCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void writesBothTablesInTheFilesAskedForAndASummary(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("archive");
        Run r = hunt("generate", "--events", "5000", "--out", out.toString(), "--seed", "42", "--files", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(out.resolve("DeviceProcessEvents/part-00000.jsonl")).isNotEmptyFile();
        assertThat(out.resolve("DeviceProcessEvents/part-00001.jsonl")).isNotEmptyFile();
        assertThat(out.resolve("DeviceNetworkEvents/part-00001.jsonl")).isNotEmptyFile();
        assertThat(out.resolve("DeviceNetworkEvents/part-00002.jsonl")).doesNotExist();
        assertThat(r.out()).contains("5000 events", "DeviceProcessEvents", "events 3000", "DeviceNetworkEvents",
                "events 2000", "LargeCloudUpload", "CloudSyncTool", "CloudApiUpload", "elapsed");
    }

    @Test
    void writesTheStorageExportLayout(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("archive");
        Run r = hunt("generate", "--events", "5000", "--out", out.toString(), "--layout", "envelope");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("envelope layout", "events 3000", "events 2000");
        try (var s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "insights-logs-advancedhunting-devicenetworkevents", "insights-logs-advancedhunting-deviceprocessevents");
        }
    }

    @Test
    void rowsRaisingASignalAndSignalsRaisedAreCountedApart(@TempDir Path tmp) throws Exception {
        // seed 1 at this size has a row that raises two signals
        Run r = hunt("generate", "--events", "200000", "--out", tmp.resolve("a").toString(), "--files", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        long sum = 0;
        for (String signal : new String[] {"LargeCloudUpload", "CloudSyncTool", "CloudApiUpload"}) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\n  " + signal + " +(\\d+)\\n").matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            sum += Long.parseLong(m.group(1));
        }
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile("rows raising a signal (\\d+)").matcher(r.out());
        assertThat(rows.find()).isTrue();
        assertThat(Long.parseLong(rows.group(1))).isLessThan(sum);
        assertThat(r.out()).contains("alerts the detection must raise " + sum + " (a row may raise more than one signal)");
    }

    @Test
    void aFolderThatIsNotEmptyIsOneLineAndExitCodeOne(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("keep.txt"), "x");
        Run r = hunt("generate", "--events", "10", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("hunt generate: ").contains("not empty");
        assertThat(tmp.resolve("DeviceProcessEvents")).doesNotExist();
    }

    @Test
    void badArgumentsAreUsageErrors(@TempDir Path tmp) {
        assertThat(hunt("generate", "--events", "0", "--out", tmp.resolve("a").toString()).exit()).isEqualTo(2);
        assertThat(hunt("generate", "--events", "10", "--out", tmp.resolve("b").toString(), "--files", "-1").exit())
                .isEqualTo(2);
        Run layout = hunt("generate", "--events", "10", "--out", tmp.resolve("d").toString(), "--layout", "sentinel");
        assertThat(layout.exit()).isEqualTo(2);
        assertThat(layout.err()).contains("flat or envelope");
        Run missing = hunt("generate", "--out", tmp.resolve("c").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--events");
    }
}
