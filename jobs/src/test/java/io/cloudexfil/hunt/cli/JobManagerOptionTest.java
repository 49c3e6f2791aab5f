package io.cloudexfil.hunt.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** --jobmanager: a malformed address or a cluster that does not answer is one line, before any planning. */
class JobManagerOptionTest {

    private record Result(int exit, String out, String err) {}

    private static Result hunt(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HuntCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void aMalformedAddressIsAUsageError() {
        for (String bad : new String[] {"nohost", "host:", "host:http", "host:70000"}) {
            Result r = hunt("batch", "--jobmanager", bad, "--input", "x", "--output", "y");
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.err().strip()).as(bad).startsWith("hunt batch: --jobmanager " + bad).doesNotContain("\n");
        }
    }

    @Test
    void aClusterThatDoesNotAnswerIsOneLineAtOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String address = "localhost:" + closedPort();
        String in = io.cloudexfil.hunt.TestRepo.root().resolve("test-data/sample/input").toString();
        String out = tmp.resolve("out").toString();
        long start = System.nanoTime();
        for (String[] args : new String[][] {
            {"batch", "--jobmanager", address, "--input", in, "--output", out},
            {"stream", "--jobmanager", address, "--input", in, "--output", out},
            {"cancel", "--jobmanager", address, "0123456789abcdef0123456789abcdef"},
            {"stop", "--jobmanager", address, "--savepoint", "/tmp/sp", "0123456789abcdef0123456789abcdef"}}) {
            Result r = hunt(args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(1);
            assertThat(r.err().strip()).as(String.join(" ", args))
                    .startsWith("hunt " + args[0] + ": no Flink cluster answers at " + address).doesNotContain("\n");
        }
        // not Flink's minute of retries
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
    }

    @Test
    void aJobIdMustBeAJobId() {
        Result r = hunt("cancel", "--jobmanager", "localhost:8081", "not-a-job");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'not-a-job' is not a job id");
    }
}
