package io.cloudexfil.hunt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class HuntJobTest {

    @Test
    void aUsageErrorIsAnExceptionWithTheCommandsOneLineError() {
        HuntJob.Failed e = catchThrowableOfType(HuntJob.Failed.class, () -> HuntJob.main(new String[] {"batch"}));
        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.getMessage()).doesNotContain("\n").startsWith("hunt batch: ").contains("--input", "--output");
    }

    @Test
    void aRunTimeErrorIsAnExceptionWithExitCodeOne(@TempDir Path tmp) {
        String missing = tmp.resolve("no-such-archive").toString();
        HuntJob.Failed e = catchThrowableOfType(HuntJob.Failed.class, () -> HuntJob.main(new String[] {
            "batch", "--input", missing, "--output", tmp.resolve("out").toString(),
            "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z"}));
        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.getMessage()).doesNotContain("\n").startsWith("hunt batch: ").contains("does not exist");
    }

    @Test
    void helpReturnsNormally() {
        assertThatCode(() -> HuntJob.main(new String[] {"--help"})).doesNotThrowAnyException();
        assertThatCode(() -> HuntJob.main(new String[] {"stream", "--help"})).doesNotThrowAnyException();
    }

    @Test
    void batchRunsLeaveTheEarlyClusterSettingAsTheyFoundIt() {
        String before = System.getProperty("hunt.early-cluster");
        catchThrowableOfType(HuntJob.Failed.class, () -> HuntJob.main(new String[] {"batch"}));
        assertThat(System.getProperty("hunt.early-cluster")).isEqualTo(before);
    }
}
