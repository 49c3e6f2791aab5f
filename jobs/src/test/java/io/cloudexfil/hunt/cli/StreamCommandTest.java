package io.cloudexfil.hunt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/hunt stream's choices before any job starts: where it resumes from. */
class StreamCommandTest {

    @Test
    void onASessionClusterAnOutputWithCheckpointsNeedsRestoreOrFresh(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in/DeviceProcessEvents"));
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("_checkpoints/0123/chk-7"));
        Files.writeString(out.resolve("_checkpoints/0123/chk-7/_metadata"), "x");
        GenerateCommandTest.Run r = GenerateCommandTest.hunt("stream", "--jobmanager", "localhost:1",
                "--input", in.getParent().toString(), "--output", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("holds checkpoints of an earlier job")
                .contains("chk-7").contains("--restore").contains("--fresh");
    }

    @Test
    void restoreAndFreshExcludeEachOther(@TempDir Path tmp) {
        GenerateCommandTest.Run r = GenerateCommandTest.hunt("stream", "--input", tmp.toString(), "--output",
                tmp.resolve("o").toString(), "--restore", tmp.toString(), "--fresh");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("either --restore or --fresh");
    }

    @Test
    void anUnknownDeliveryIsOneUsageLine(@TempDir Path tmp) {
        GenerateCommandTest.Run r = GenerateCommandTest.hunt("stream", "--input", tmp.toString(), "--output",
                tmp.resolve("o").toString(), "--delivery", "exactly-twice");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("--delivery").contains("exactly-twice")
                .contains("at-least-once");
    }
}
