package io.cloudexfil.hunt.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The backfill on a real standalone cluster against the embedded run, same archive, same cores:
 * bin/hunt batch (embedded, p=2) and bin/hunt batch --jobmanager (a cluster of one TaskManager with
 * two slots started by deploy/local-cluster/, p=2), in alternating pairs (the first side swaps each
 * round), medians printed; the alerts of every run must be the same. Also the fixed cost of each on
 * the bundled sample. The cluster is stopped by its pid files at the end, also on failure.
 *
 * <pre>./mvnw -B -pl jobs -am -Pbench verify -Dbench.main=io.cloudexfil.hunt.bench.ClusterBackfillBenchmark \
 *     -Dbench.events=3000000 [-Dbench.rounds=3]</pre>
 */
public final class ClusterBackfillBenchmark {

    public static void main(String[] args) throws Exception {
        long events = Long.getLong("bench.events", 3_000_000L);
        long seed = Long.getLong("bench.seed", 1L);
        int rounds = Integer.getInteger("bench.rounds", 3);
        String dirProperty = System.getProperty("bench.dir", "").strip();
        Path dir = dirProperty.isEmpty() ? Path.of("/tmp/cloudexfil-bench-" + events) : Path.of(dirProperty);
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("bench.work", "target/bench")).toAbsolutePath().normalize().resolve("cluster");
        Files.createDirectories(work);

        System.out.printf("Cluster backfill benchmark, %s, %d cores%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors());
        BenchArchive archive = BenchArchive.prepare(dir.toAbsolutePath(), events, seed, Integer.getInteger("bench.files", 0));
        System.out.printf("archive %s: %d files, %.0f MB, %,d events (%.0f bytes per line)%n", dir, archive.files.size(),
                archive.bytes / 1e6, events, (double) archive.bytes / events);

        Path clusterDir = work.resolve("local-cluster");
        int restPort;
        try (ServerSocket s = new ServerSocket(0)) {
            restPort = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        Timed start = exec(work, "start-cluster", List.of(repo.resolve("deploy/local-cluster/start-cluster").toString(),
                "--dir", clusterDir.toString(), "--taskmanagers", "1", "--slots", "2", "--rest-port", String.valueOf(restPort)));
        try {
            if (start.exit != 0) {
                throw new IllegalStateException("start-cluster failed: " + start.output);
            }
            System.out.printf("cluster: 1 JobManager + 1 TaskManager (2 slots) started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            String jm = "localhost:" + restPort;
            Path sample = repo.resolve("test-data/sample/input");

            // fixed cost: the bundled sample, second run of each (the first warms the build's class-data archive and the cluster)
            for (int i = 0; i < 2; i++) {
                Timed e = hunt(repo, work, "sample-embedded", sample, null, 1, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
                Timed c = hunt(repo, work, "sample-cluster", sample, jm, 1, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
                if (i == 1) {
                    System.out.printf("fixed cost (bundled sample, p=1, second run): embedded %.1f s, on the cluster %.1f s%n",
                            e.seconds, c.seconds);
                }
            }

            List<Double> embedded = new ArrayList<>();
            List<Double> cluster = new ArrayList<>();
            String reference = null;
            for (int r = 0; r < rounds; r++) {
                boolean clusterFirst = r % 2 == 1;
                for (int side = 0; side < 2; side++) {
                    boolean onCluster = (side == 0) == clusterFirst;
                    Timed t = hunt(repo, work, onCluster ? "cluster-" + r : "embedded-" + r, archive.root,
                            onCluster ? jm : null, 2, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
                    String alerts = Files.readString(work.resolve((onCluster ? "cluster-" : "embedded-") + r).resolve("alerts.jsonl"));
                    if (reference == null) {
                        reference = alerts;
                    } else if (!reference.equals(alerts)) {
                        throw new IllegalStateException("round " + r + (onCluster ? " on the cluster" : " embedded")
                                + ": the alerts differ from the first run's");
                    }
                    (onCluster ? cluster : embedded).add(t.seconds);
                    System.out.printf("  round %d %-9s %6.2f s  %,.0f events/s%n", r, onCluster ? "cluster" : "embedded",
                            t.seconds, events / t.seconds);
                }
            }
            double me = median(embedded);
            double mc = median(cluster);
            System.out.printf("median of %d rounds, whole bin/hunt batch command, p=2: embedded %.2f s (%,.0f events/s), "
                    + "on the local cluster %.2f s (%,.0f events/s, %,.0f per slot); cluster/embedded %.2f%n",
                    rounds, me, events / me, mc, events / mc, events / mc / 2, mc / me);
            System.out.printf("alerts equal in every run (%d lines)%n", reference.lines().count());
        } finally {
            exec(work, "stop-cluster", List.of(repo.resolve("deploy/local-cluster/stop-cluster").toString(), "--dir",
                    clusterDir.toString()));
        }
    }

    private record Timed(int exit, double seconds, String output) {}

    private static Timed hunt(Path repo, Path work, String name, Path input, String jobmanager, int p, String from,
                              String to) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("bin/hunt").toString(), "batch", "--input", input.toString(),
                "--output", work.resolve(name).toString(), "--overwrite", "--parallelism", String.valueOf(p),
                "--from", from, "--to", to));
        if (jobmanager != null) {
            cmd.addAll(List.of("--jobmanager", jobmanager));
        }
        Timed t = exec(work, name, cmd);
        if (t.exit != 0) {
            throw new IllegalStateException(name + " failed: " + t.output);
        }
        return t;
    }

    private static Timed exec(Path work, String name, List<String> cmd) throws Exception {
        Path log = work.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HUNT_LOG", work.resolve(name + ".log").toString());
        long start = System.nanoTime();
        Process process = pb.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        return new Timed(process.exitValue(), (System.nanoTime() - start) / 1e9, Files.readString(log));
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private ClusterBackfillBenchmark() {}

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
