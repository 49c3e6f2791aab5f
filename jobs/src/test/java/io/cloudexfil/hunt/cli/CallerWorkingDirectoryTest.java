package io.cloudexfil.hunt.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A command run for a caller in another directory (the warm JVM's) reads that caller's relative paths. */
class CallerWorkingDirectoryTest {

    private static final Path CALLER = Path.of("/home/analyst/case-17");

    @Test
    void aRelativeLocalPathIsTheCallersDirectorys() {
        assertThat(HuntCli.resolve(CALLER, "in")).isEqualTo("/home/analyst/case-17/in");
        assertThat(HuntCli.resolve(CALLER, "../archive/2026")).isEqualTo("/home/analyst/case-17/../archive/2026");
        assertThat(HuntCli.resolve(CALLER, "./out dir")).isEqualTo("/home/analyst/case-17/./out dir");
    }

    @Test
    void absolutePathsAndUrisStayAsGiven() {
        assertThat(HuntCli.resolve(CALLER, "/data/in")).isEqualTo("/data/in");
        assertThat(HuntCli.resolve(CALLER, "s3://bucket/archive")).isEqualTo("s3://bucket/archive");
        assertThat(HuntCli.resolve(CALLER, "file:///data/in")).isEqualTo("file:///data/in");
        assertThat(HuntCli.resolve(CALLER, "abfss://c@acct.dfs.core.windows.net/x")).isEqualTo("abfss://c@acct.dfs.core.windows.net/x");
        assertThat(HuntCli.resolve(CALLER, "")).isEmpty();
    }

    @Test
    void aPathThatIsNoPathIsLeftForTheCommandToReport() {
        assertThat(HuntCli.resolve(CALLER, "bad\0name")).isEqualTo("bad\0name");
    }
}
