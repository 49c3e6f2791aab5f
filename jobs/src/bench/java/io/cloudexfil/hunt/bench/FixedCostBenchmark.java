package io.cloudexfil.hunt.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed cost of a run: {@code bin/hunt batch} over the bundled 111-event sample, whole
 * commands (JVM start to exit), against named baselines in the same run: the JVM and command
 * line alone ({@code hunt --version}), the seed detection without the class-data archive
 * ({@code HUNT_CDS=off}) and without kept plans ({@code HUNT_PLAN_CACHE=off}), and the whole pack;
 * and the seed detection run by the warm JVM ({@code HUNT_DAEMON=on}: the client's JVM times and
 * sizes, the warm JVM's CPU is not in them), which its uncounted first run starts and which is
 * stopped at the end by the pid it recorded. The others run with {@code HUNT_DAEMON=off}.
 * Every round runs each variant once, the order rotated from round to round (the machine drifts);
 * a first round, not counted, makes the archive and the plans. Printed per variant: the median
 * and range of wall time, the medians of user and system CPU and of minor page faults (first
 * touches of memory, expensive on some VMs), by {@code /usr/bin/time}.
 *
 * <p>{@code -Dbench.main=io.cloudexfil.hunt.bench.FixedCostBenchmark -Dbench.rounds=5} with the
 * {@code bench} profile of jobs/pom.xml (jobs/src/bench/README.md); {@code -Dbench.opts='A|B'}
 * adds a variant of the seed run per option set, given to bin/hunt as {@code HUNT_JAVA_OPTS}.
 */
public final class FixedCostBenchmark {

    private static final Path TIME = Path.of("/usr/bin/time");

    /** One way of running: its command after {@code bin/hunt} and its environment. */
    record Variant(String name, List<String> args, Map<String, String> env) {}

    /** One timed run: wall, user and system seconds, minor page faults, peak RSS in KB. */
    record Sample(double wall, double user, double sys, long faults, long rssKb) {}

    private final Path repo;
    private final Path work;
    private final StringBuilder transcript = new StringBuilder();
    private final WarmJvm warmJvm;

    private FixedCostBenchmark(Path repo, Path work) {
        this.repo = repo;
        this.work = work;
        this.warmJvm = new WarmJvm(work.resolve("tmp"));
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("bench.work", "target/bench")).toAbsolutePath().normalize()
                .resolve("fixed-cost");
        Files.createDirectories(work);
        int rounds = Integer.getInteger("bench.rounds", 5);
        System.exit(new FixedCostBenchmark(repo, work).run(Math.max(1, rounds)));
    }

    private int run(int rounds) throws Exception {
        if (!Files.isExecutable(TIME)) {
            System.err.println("fixed-cost benchmark: needs /usr/bin/time (Debian package time)");
            return 2;
        }
        say("Fixed-cost benchmark, %s; %d rounds after one not counted", Instant.now().truncatedTo(ChronoUnit.SECONDS), rounds);
        say("machine: nproc %d; load average before: %s", Runtime.getRuntime().availableProcessors(), loadAverage());
        List<Variant> variants = variants();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        variants.forEach(v -> samples.put(v.name(), new ArrayList<>()));
        try {
            return measure(rounds, variants, samples);
        } finally {
            warmJvm.stop();
        }
    }

    private int measure(int rounds, List<Variant> variants, Map<String, List<Sample>> samples) throws Exception {
        for (int round = 0; round <= rounds; round++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get((i + round) % variants.size());
                Sample s = time(v, round);
                if (s == null) {
                    Files.writeString(work.resolve("results.txt"), transcript, StandardCharsets.UTF_8);
                    return 2;
                }
                say("round %d%s: %s %.2f s", round, round == 0 ? " (not counted)" : "", v.name(), s.wall());
                if (round == 0 && v.env().containsKey("TMPDIR") && !warmJvm.await()) {
                    say("the warm JVM did not start serving within 120 s (see %s)", warmJvm.dir());
                    Files.writeString(work.resolve("results.txt"), transcript, StandardCharsets.UTF_8);
                    return 2;
                }
                if (round > 0) {
                    samples.get(v.name()).add(s);
                }
            }
        }
        say("");
        int width = variants.stream().mapToInt(v -> v.name().length()).max().orElse(0);
        say("%-" + width + "s | %-22s | %7s | %7s | %8s | %8s", "variant (bin/hunt ...)", "wall s: median (range)",
                "user s", "sys s", "faults", "RSS MB");
        say("%s", "-".repeat(width) + "-+-" + "-".repeat(22) + "-+-" + "-".repeat(7) + "-+-" + "-".repeat(7) + "-+-"
                + "-".repeat(8) + "-+-" + "-".repeat(8));
        for (Variant v : variants) {
            List<Sample> s = samples.get(v.name());
            String wall = String.format(Locale.ROOT, "%5.2f (%5.2f-%5.2f)", median(s, Sample::wall),
                    s.stream().mapToDouble(Sample::wall).min().orElse(0), s.stream().mapToDouble(Sample::wall).max().orElse(0));
            say("%-" + width + "s | %-22s | %7.2f | %7.2f | %,8d | %,8d", v.name(), wall, median(s, Sample::user),
                    median(s, Sample::sys), (long) median(s, Sample::faults), (long) median(s, Sample::rssKb) / 1024);
        }
        say("");
        say("load average after: %s", loadAverage());
        say("(also in %s)", work.resolve("results.txt"));
        Files.writeString(work.resolve("results.txt"), transcript, StandardCharsets.UTF_8);
        return 0;
    }

    private List<Variant> variants() {
        String sample = repo.resolve("test-data/sample/input").toString();
        List<String> seed = List.of("batch", "--input", sample, "--output", work.resolve("out").toString(), "--from",
                BackfillBenchmark.FROM, "--to", BackfillBenchmark.TO, "--overwrite", "--detection",
                BackfillBenchmark.SEED_DETECTION);
        List<String> pack = seed.subList(0, seed.size() - 2);
        String plans = work.resolve("plan-cache").toString();
        String off = "off";
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("--version (JVM and command line)", List.of("--version"), Map.of()),
                new Variant("batch, seed detection", seed, Map.of("HUNT_PLAN_CACHE", plans, "HUNT_DAEMON", off)),
                new Variant("batch, seed, HUNT_CDS=off", seed,
                        Map.of("HUNT_PLAN_CACHE", plans, "HUNT_CDS", off, "HUNT_DAEMON", off)),
                new Variant("batch, seed, HUNT_PLAN_CACHE=off", seed, Map.of("HUNT_PLAN_CACHE", off, "HUNT_DAEMON", off)),
                new Variant("batch, whole pack", pack, Map.of("HUNT_PLAN_CACHE", plans, "HUNT_DAEMON", off)),
                // its own TMPDIR: the warm JVM's socket and pid file where this benchmark finds them
                new Variant("batch, seed, warm JVM (HUNT_DAEMON=on)", seed, Map.of("HUNT_PLAN_CACHE", plans,
                        "HUNT_DAEMON", "on", "TMPDIR", warmJvm.tmpdir().toString()))));
        // trials: each of bench.opts ('|' between them) is a variant of the seed run with those HUNT_JAVA_OPTS
        for (String opts : System.getProperty("bench.opts", "").split("\\|")) {
            if (!opts.isBlank()) {
                variants.add(new Variant("batch, seed, " + opts.strip(), seed,
                        Map.of("HUNT_PLAN_CACHE", plans, "HUNT_JAVA_OPTS", opts.strip(), "HUNT_DAEMON", off)));
            }
        }
        return variants;
    }

    /** Runs a variant under /usr/bin/time; null (after saying why) when it fails. */
    private Sample time(Variant v, int round) throws IOException, InterruptedException {
        Path timeFile = work.resolve("time.txt");
        Path stderr = work.resolve("last.err");
        List<String> cmd = new ArrayList<>(List.of(TIME.toString(), "-f", "%e %U %S %R %M", "-o", timeFile.toString(),
                repo.resolve("bin/hunt").toString()));
        cmd.addAll(v.args());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(v.env());
        pb.environment().put("HUNT_LOG", work.resolve("hunt.log").toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(stderr.toFile());
        int exit = pb.start().waitFor();
        if (exit != 0) {
            say("%s failed with exit code %d (round %d):%n%s", v.name(), exit, round, Files.readString(stderr));
            return null;
        }
        List<String> lines = Files.readAllLines(timeFile);
        String[] f = lines.get(lines.size() - 1).strip().split("\\s+");
        return new Sample(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[4]));
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return 0;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String loadAverage() throws IOException {
        Path p = Path.of("/proc/loadavg");
        if (!Files.exists(p)) {
            return "n/a";
        }
        String[] f = Files.readString(p).split(" ");
        return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
    }

    private void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        transcript.append(line).append('\n');
    }
}
