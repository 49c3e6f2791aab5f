package io.cloudexfil.hunt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudexfil.hunt.generate.TelemetryGenerator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backfill benchmark: one day of synthetic fleet telemetry, read by
 * <ol>
 *   <li>{@code cat} of every file to /dev/null, page cache warm: the floor;
 *   <li>{@code bin/hunt batch} over the whole window as a child process at each parallelism
 *       (JVM start included), wall time and peak RSS by {@code /usr/bin/time -f %M};
 *   <li>DuckDB (JDBC, in its own JVM, a fixed number of threads) with the same three signals in
 *       one query, timed from execution to the last row; connection time reported apart;
 * </ol>
 * then a table of the figures and whether the alerts agree, signal by signal and row by row.
 * Exits non-zero when they do not (or a run fails), after printing everything.
 *
 * <p>System properties (set by the {@code bench} profile of jobs/pom.xml): {@code bench.events},
 * {@code bench.seed}, {@code bench.dir}, {@code bench.files}, {@code bench.parallelism} (e.g.
 * {@code 1,2}), {@code bench.duckdb.threads}, {@code bench.repo}, {@code bench.work}.
 */
public final class BackfillBenchmark {

    static final String FROM = TelemetryGenerator.DAY + "T00:00:00Z";
    static final String TO = "2026-11-21T00:00:00Z";
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One measured child process. {@code rssKb} is -1 when /usr/bin/time is missing. */
    /** The detection DuckDB's query reproduces; the compared hunt runs run it alone. */
    static final String SEED_DETECTION = "exfiltration_cloud_storage";

    record Run(double wallSeconds, long rssKb, double userSeconds, double sysSeconds, int exit, Path stdout, Path stderr) {}

    /** A line of the result table. */
    record Line(String command, double wallSeconds, long rssKb, Map<String, Long> alerts) {}

    private final PrintStream out;
    private final StringBuilder transcript = new StringBuilder();
    private final WarmJvm warmJvm;
    private final Path repo;
    private final Path work;

    private BackfillBenchmark(Path repo, Path work) {
        this.out = System.out;
        this.repo = repo;
        this.work = work;
        this.warmJvm = new WarmJvm(work.resolve("tmp"));
    }

    public static void main(String[] args) throws Exception {
        long events = Long.getLong("bench.events", 8_000_000L);
        long seed = Long.getLong("bench.seed", 1L);
        String dirProperty = System.getProperty("bench.dir", "").strip();
        Path dir = dirProperty.isEmpty() ? Path.of("/tmp/cloudexfil-bench-" + events) : Path.of(dirProperty);
        int files = Integer.getInteger("bench.files", 0);
        List<Integer> parallelism = new ArrayList<>();
        for (String p : System.getProperty("bench.parallelism", "1,2").split(",")) {
            parallelism.add(Integer.parseInt(p.strip()));
        }
        int duckThreads = Integer.getInteger("bench.duckdb.threads", 2);
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("bench.work", "target/bench")).toAbsolutePath().normalize();
        Files.createDirectories(work);
        int exit = new BackfillBenchmark(repo, work).run(events, seed, dir.toAbsolutePath(), files, parallelism, duckThreads);
        System.exit(exit);
    }

    private int run(long events, long seed, Path dir, int files, List<Integer> parallelism, int duckThreads)
            throws Exception {
        say("Backfill benchmark, %s", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        machine();

        BenchArchive archive = BenchArchive.prepare(dir, events, seed, files);
        say("archive %s: %s", dir, archive.reused ? "reused (complete marker for these events and seed)"
                : String.format(Locale.ROOT, "generated in %.1f s", archive.generationSeconds));
        for (String t : List.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE)) {
            say("  %-20s %d files, %s", t, archive.count(t), mb(archive.bytes(t)));
        }
        say("  total                %d files, %s, %,d events (%.0f bytes per line), seed %d", archive.files.size(),
                mb(archive.bytes), events, (double) archive.bytes / events, seed);
        say("  planted by the generator: %s", signals(archive.planted));
        if (Boolean.getBoolean("bench.archiveOnly")) {
            return 0; // the archive alone (e.g. generated ahead of a timed run, or for a run by hand)
        }

        List<String> cat = new ArrayList<>(List.of("cat"));
        archive.files.forEach(f -> cat.add(f.toString()));
        run("cat-warm-up", cat, Map.of(), true); // page cache warm
        Run catRun = run("cat", cat, Map.of(), true);
        check(catRun, "cat");

        List<Line> lines = new ArrayList<>();
        lines.add(new Line("cat (floor)", catRun.wallSeconds(), catRun.rssKb(), null));
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "cat: %.2f GB/s from the page cache", archive.bytes / 1e9 / catRun.wallSeconds()));

        // fixed cost: JVM start, Flink planning and the local cluster, on the bundled 111-event sample;
        // the first run after a build also makes bin/hunt's class-data archive, so it is not timed
        Path sampleOut = work.resolve("hunt-sample");
        Run warmUp = run("hunt-sample-first", hunt(repo.resolve("test-data/sample/input"), sampleOut, 1), huntEnv("hunt-sample-first"), false);
        check(warmUp, "hunt on the bundled sample");
        Run sample = run("hunt-sample", hunt(repo.resolve("test-data/sample/input"), sampleOut, 1), huntEnv("hunt-sample"), false);
        check(sample, "hunt on the bundled sample");
        notes.add(String.format(Locale.ROOT, "hunt fixed cost: %.1f s wall on the bundled 111-event sample (p=1), "
                + "peak RSS %s, plan %s; the run before it, the first since the build, %.1f s (plan %s; it also makes "
                + "bin/hunt's class-data archive)", sample.wallSeconds(), rss(sample.rssKb()), plan(sample),
                warmUp.wallSeconds(), plan(warmUp)));

        Map<String, Map<String, Long>> countsBySide = new LinkedHashMap<>();
        Map<String, Map<String, JsonNode>> rowsBySide = new LinkedHashMap<>();
        Map<String, String> plans = new HashMap<>();
        List<String[]> huntRuns = new ArrayList<>();
        for (int p : parallelism) {
            huntRuns.add(new String[] {"hunt-p" + p, "hunt p=" + p, Integer.toString(p), ""});
        }
        if (Boolean.parseBoolean(System.getProperty("bench.parseAll", "true"))) {
            // the named baseline: the same command parsing every line (no prefilter)
            int p = parallelism.get(parallelism.size() - 1);
            huntRuns.add(new String[] {"hunt-p" + p + "-parse-all", "hunt p=" + p + " --parse-all", Integer.toString(p),
                "--parse-all"});
        }
        for (String[] hr : huntRuns) {
            String name = hr[0];
            int p = Integer.parseInt(hr[2]);
            Path huntOut = work.resolve(name);
            List<String> cmd = new ArrayList<>(hunt(dir, huntOut, p));
            if (!hr[3].isEmpty()) {
                cmd.add(hr[3]);
            }
            Run r = run(name, cmd, huntEnv(name), false);
            check(r, name);
            Summary s = Summary.parse(r.stdout());
            if (s.events() != events || s.rejected() != 0) {
                notes.add(String.format(Locale.ROOT, "WARNING %s read %,d events (%,d rejected), %,d were generated",
                        name, s.events(), s.rejected(), events));
            }
            Map<String, JsonNode> rows = alertRows(huntOut.resolve("alerts.jsonl"));
            if (!countBySignal(rows).equals(s.alerts())) {
                notes.add(name + ": WARNING the summary's counts differ from alerts.jsonl: " + s.alerts());
            }
            lines.add(new Line(hr[1], r.wallSeconds(), r.rssKb(), countBySignal(rows)));
            plans.put(hr[1], plan(r));
            countsBySide.put(hr[1], countBySignal(rows));
            rowsBySide.put(hr[1], rows);
            Gc gc = Gc.parse(work.resolve(name + "-gc.log"));
            notes.add(String.format(Locale.ROOT, "%s: %.0f MB/s of input; CPU %.1f s user + %.1f s sys (%.2f cores busy on average); "
                    + "%.1f s inside the run (summary 'elapsed'), %.1f s before and after it (JVM start, CLI, exit); "
                    + "GC %d pauses, %.2f s in total, longest %.0f ms, heap peak %s; plan %s", hr[1], archive.bytes / 1e6 / r.wallSeconds(),
                    r.userSeconds(), r.sysSeconds(),
                    (r.userSeconds() + r.sysSeconds()) / r.wallSeconds(), s.elapsedSeconds(),
                    r.wallSeconds() - s.elapsedSeconds(), gc.pauses, gc.pauseMillis / 1000, gc.maxPauseMillis,
                    mb(gc.peakHeapBytes), plan(r)));
        }

        if (Boolean.parseBoolean(System.getProperty("bench.pack", "true"))) {
            // the whole pack (bin/hunt batch's default): its cost, not compared with DuckDB, which
            // reproduces the seed detection only; its seed signals must be the seed run's, row by row
            int p = parallelism.get(parallelism.size() - 1);
            String name = "hunt-p" + p + "-pack";
            String command = "hunt p=" + p + " (whole pack)";
            Path huntOut = work.resolve(name);
            Run r = run(name, huntPack(dir, huntOut, p), huntEnv(name), false);
            check(r, name);
            Map<String, JsonNode> rows = alertRows(huntOut.resolve("alerts.jsonl"));
            lines.add(new Line(command, r.wallSeconds(), r.rssKb(), countBySignal(rows)));
            Map<String, JsonNode> seedRows = new LinkedHashMap<>(rows);
            seedRows.keySet().removeIf(k -> !TelemetryGenerator.SIGNALS.contains(k.substring(0, k.indexOf('|'))));
            String seedSide = "hunt p=" + p;
            boolean same = rowsBySide.containsKey(seedSide) && seedRows.keySet().equals(rowsBySide.get(seedSide).keySet());
            notes.add(String.format(Locale.ROOT, "%s: not compared with DuckDB (its query is the seed detection's); %,d alerts, "
                    + "%.0f MB/s of input; CPU %.1f s user + %.1f s sys; plan %s; its %s alerts %s", command, rows.size(),
                    archive.bytes / 1e6 / r.wallSeconds(), r.userSeconds(), r.sysSeconds(), plan(r), SEED_DETECTION,
                    same ? "equal " + seedSide + "'s row by row" : "DIFFER from " + seedSide + "'s"));
        }

        Path duckAlerts = work.resolve("duckdb-alerts.jsonl");
        List<String> duck = new ArrayList<>(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                DuckDbBackfill.class.getName(), dir.toString(), FROM, TO, Integer.toString(duckThreads), duckAlerts.toString()));
        Run d = run("duckdb", duck, Map.of(), false);
        check(d, "DuckDB");
        Map<String, String> dk = duckOutput(d.stdout());
        double query = Double.parseDouble(dk.get("query_s"));
        Map<String, JsonNode> duckRows = alertRows(duckAlerts);
        lines.add(new Line("DuckDB threads=" + duckThreads, query, d.rssKb(), countBySignal(duckRows)));
        countsBySide.put("DuckDB", countBySignal(duckRows));
        rowsBySide.put("DuckDB", duckRows);
        notes.add(String.format(Locale.ROOT, "DuckDB %s: %.0f MB/s of input; wall s is the query alone (execute to last row); connection %.3f s, "
                + "variables and self-check %.1f s (%s), whole child JVM %.1f s; CPU %.1f s user + %.1f s sys",
                dk.get("version"), archive.bytes / 1e6 / query, Double.parseDouble(dk.get("connect_s")), Double.parseDouble(dk.get("setup_s")),
                dk.get("self_check"), d.wallSeconds(), d.userSeconds(), d.sysSeconds()));

        // the machine's speed drifts over minutes: more pairs of the headline comparison, each
        // round with the other side first, and the median of all the ratios
        int rounds = Integer.getInteger("bench.rounds", 3);
        int pMax = parallelism.get(parallelism.size() - 1);
        String headline = "hunt p=" + pMax;
        String headlinePlan = plans.getOrDefault(headline, "?");
        List<double[]> pairs = new ArrayList<>();
        List<String> pairPlans = new ArrayList<>();
        pairPlans.add(headlinePlan);
        pairs.add(new double[] {lines.stream().filter(l -> l.command().equals(headline)).findFirst().orElseThrow().wallSeconds(), query});
        // the same command run by the warm JVM (HUNT_DAEMON=on) as a third side of each round:
        // started by a run over the bundled sample, then one backfill not counted (its JIT meets the scan)
        boolean warm = rounds > 0 && Boolean.parseBoolean(System.getProperty("bench.warmJvm", "true"));
        List<double[]> warmPairs = new ArrayList<>();
        if (warm) {
            warmJvm.stopAtExit();
            Run start = run("warm-jvm-start", List.of(repo.resolve("bin/hunt").toString(), "batch", "--input",
                    repo.resolve("test-data/sample/input").toString(), "--output", work.resolve("warm-jvm-start").toString(),
                    "--from", FROM, "--to", TO, "--overwrite"), warmEnv("warm-jvm-start"), true);
            check(start, "the run that starts the warm JVM");
            if (!warmJvm.await()) {
                say("the warm JVM did not start serving within 120 s (%s)", warmJvm.dir());
                System.exit(2);
            }
            String name = "warm-jvm-first-p" + pMax;
            Run first = run(name, hunt(dir, work.resolve(name), pMax), warmEnv(name), false);
            check(first, name);
            boolean same = alertRows(work.resolve(name).resolve("alerts.jsonl")).keySet().equals(rowsBySide.get(headline).keySet());
            notes.add(String.format(Locale.ROOT, "%s via the warm JVM: its first backfill (not counted) %.2f s, plan %s; its alerts %s; "
                    + "each round runs it as a third side, its times are the client's (bin/hunt and a small JVM that hands the "
                    + "command over), the warm JVM's CPU and memory are not in them; GC log %s", headline, first.wallSeconds(),
                    plan(first), same ? "equal " + headline + "'s row by row" : "DIFFER from " + headline + "'s",
                    work.resolve("warm-jvm-gc.log")));
        }
        for (int k = 1; k <= rounds; k++) {
            double h = 0;
            double q = 0;
            double w = 0;
            List<String> sides = new ArrayList<>(warm ? List.of("duckdb", "hunt", "warm") : List.of("duckdb", "hunt"));
            java.util.Collections.rotate(sides, k); // each side first in turn
            for (String side : sides) {
                if (side.equals("hunt") || side.equals("warm")) {
                    String name = "round" + k + (side.equals("warm") ? "-warm-jvm-p" : "-hunt-p") + pMax;
                    Run r = run(name, hunt(dir, work.resolve(name), pMax), side.equals("warm") ? warmEnv(name) : huntEnv(name), false);
                    check(r, name);
                    if (!Summary.parse(r.stdout()).alerts().equals(countsBySide.get(headline))) {
                        notes.add("WARNING " + name + ": alerts differ from the first run's");
                    }
                    if (side.equals("warm")) {
                        w = r.wallSeconds();
                    } else {
                        h = r.wallSeconds();
                        pairPlans.add(plan(r));
                    }
                } else {
                    Path roundAlerts = work.resolve("round" + k + "-duckdb-alerts.jsonl");
                    List<String> cmd = new ArrayList<>(duck);
                    cmd.set(cmd.size() - 1, roundAlerts.toString());
                    Run r = run("round" + k + "-duckdb", cmd, Map.of(), false);
                    check(r, "DuckDB");
                    q = Double.parseDouble(duckOutput(r.stdout()).get("query_s"));
                    if (!countBySignal(alertRows(roundAlerts)).equals(countsBySide.get("DuckDB"))) {
                        notes.add("WARNING round " + k + ": DuckDB's alerts differ from its first run's");
                    }
                }
            }
            pairs.add(new double[] {h, q});
            if (warm) {
                warmPairs.add(new double[] {w, q});
            }
        }
        if (warm) {
            warmJvm.stop();
        }

        say("");
        table(lines, events, query);
        say("");
        if (rounds > 0) {
            ratios(headline + " events/s over DuckDB's, %d pairs (the table's and %d more, the first side in turn)",
                    pairs, pairPlans, rounds, 0);
            if (!warmPairs.isEmpty()) {
                ratios(headline + " via the warm JVM (HUNT_DAEMON=on) events/s over DuckDB's, %d pairs (the rounds', "
                        + "DuckDB's run of the same round)", warmPairs, null, rounds, 1);
            }
        }
        for (String n : notes) {
            say("- %s", n);
        }
        say("- load average after: %s", loadAverage());
        say("");
        boolean agree = agreement(countsBySide, rowsBySide, archive.planted);
        Files.writeString(work.resolve("results.txt"), transcript, StandardCharsets.UTF_8);
        say("(also in %s; logs and outputs in %s)", work.resolve("results.txt"), work);
        return agree ? 0 : 1;
    }

    /** Prints each pair's ratio (DuckDB's seconds over hunt's) and their median, lowest and highest. */
    private void ratios(String what, List<double[]> pairs, List<String> plans, int rounds, int firstRound) {
        List<Double> ratios = new ArrayList<>();
        StringBuilder each = new StringBuilder();
        for (int k = 0; k < pairs.size(); k++) {
            double ratio = pairs.get(k)[1] / pairs.get(k)[0];
            ratios.add(ratio);
            int round = k + firstRound;
            each.append(String.format(Locale.ROOT, "%s%s %.2f s%s / DuckDB %.2f s = %.2fx", k == 0 ? "" : "; ",
                    round == 0 ? "table" : "round " + round, pairs.get(k)[0], plans == null ? "" : " (plan " + plans.get(k) + ")",
                    pairs.get(k)[1], ratio));
        }
        ratios.sort(null);
        int n = ratios.size();
        double median = n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
        say(String.format(Locale.ROOT, what, n, rounds) + String.format(Locale.ROOT, ": median %.2fx, lowest %.2fx, highest %.2fx",
                median, ratios.get(0), ratios.get(n - 1)));
        say("  %s", each);
        say("");
    }

    // ---------------------------------------------------------------------------------------------

    private void machine() throws IOException, InterruptedException {
        String cpu = "?";
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (l.startsWith("model name")) {
                cpu = l.substring(l.indexOf(':') + 1).strip();
                break;
            }
        }
        String mem = "?";
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("MemTotal:")) {
                mem = String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0);
            }
        }
        say("machine: nproc %s, %s, %s RAM; %s", capture(List.of("nproc"), false).strip(), cpu, mem,
                capture(List.of("java", "-version"), true).lines().findFirst().orElse("java: ?"));
        say("load average before: %s (other processes on the machine skew every figure)", loadAverage());
        if (!Files.isExecutable(TIME)) {
            say("peak RSS: n/a (%s is missing: Debian package 'time')", TIME);
        }
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
        return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
    }

    /**
     * {@code bin/hunt batch} running the seed detection alone: the one DuckDB's query reproduces
     * (without {@code --detection} the command runs the whole pack).
     */
    private List<String> hunt(Path input, Path output, int parallelism) {
        List<String> cmd = new ArrayList<>(huntPack(input, output, parallelism));
        cmd.addAll(List.of("--detection", SEED_DETECTION));
        return cmd;
    }

    /** {@code bin/hunt batch} with every shipped detection (its default). */
    private List<String> huntPack(Path input, Path output, int parallelism) {
        return List.of(repo.resolve("bin/hunt").toString(), "batch", "--input", input.toString(), "--output",
                output.toString(), "--from", FROM, "--to", TO, "--parallelism", Integer.toString(parallelism), "--overwrite");
    }

    /**
     * Flink's log and a GC log per run; a user's HUNT_JAVA_OPTS are kept. The benchmark's own
     * folder of compiled plans: each command's first run compiles its plan, the later ones restore it.
     */
    private Map<String, String> huntEnv(String name) {
        Map<String, String> env = new HashMap<>();
        env.put("HUNT_LOG", work.resolve(name + ".log").toString());
        env.put("HUNT_PLAN_CACHE", work.resolve("plan-cache").toString());
        String opts = System.getenv().getOrDefault("HUNT_JAVA_OPTS", "");
        env.put("HUNT_JAVA_OPTS", (opts + " -Xlog:gc:file=" + work.resolve(name + "-gc.log")).strip());
        env.put("HUNT_DAEMON", "off");
        return env;
    }

    /**
     * The warm JVM's runs: bin/hunt hands them to one warm JVM per environment, so every value but
     * the log file is the same for all of them (one GC log, the warm JVM's); a TMPDIR of the benchmark's.
     */
    private Map<String, String> warmEnv(String name) {
        Map<String, String> env = huntEnv(name);
        String opts = System.getenv().getOrDefault("HUNT_JAVA_OPTS", "");
        env.put("HUNT_JAVA_OPTS", (opts + " -Xlog:gc:file=" + work.resolve("warm-jvm-gc.log")).strip());
        env.put("HUNT_DAEMON", "on");
        env.put("TMPDIR", warmJvm.tmpdir().toString());
        return env;
    }

    /** Whether a hunt run restored its plan (the summary says), or compiled it. */
    private static String plan(Run r) throws IOException {
        return Files.readAllLines(r.stdout()).stream().anyMatch(l -> l.startsWith("plan restored")) ? "restored" : "compiled";
    }

    /** Runs a command with its output in files (or discarded), timed, under /usr/bin/time when present. */
    private Run run(String name, List<String> command, Map<String, String> env, boolean discardOutput)
            throws IOException, InterruptedException {
        Path timeFile = work.resolve(name + ".time");
        Path stdout = work.resolve(name + ".out");
        Path stderr = work.resolve(name + ".err");
        List<String> cmd = new ArrayList<>();
        boolean timed = Files.isExecutable(TIME);
        if (timed) {
            cmd.addAll(List.of(TIME.toString(), "-f", "%M %U %S", "-o", timeFile.toString()));
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(discardOutput ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        pb.redirectError(stderr.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        int exit = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        long rss = -1;
        double user = 0;
        double sys = 0;
        if (timed && Files.exists(timeFile)) {
            List<String> tl = Files.readAllLines(timeFile);
            String[] f = tl.get(tl.size() - 1).strip().split("\\s+");
            rss = Long.parseLong(f[0]);
            user = Double.parseDouble(f[1]);
            sys = Double.parseDouble(f[2]);
        }
        return new Run(wall, rss, user, sys, exit, stdout, stderr);
    }

    private void check(Run r, String what) throws IOException {
        if (r.exit() != 0) {
            String err = Files.exists(r.stderr()) ? Files.readString(r.stderr()) : "";
            say("%s failed with exit code %d:%n%s", what, r.exit(), err.length() > 4000 ? err.substring(0, 4000) : err);
            Files.writeString(work.resolve("results.txt"), transcript, StandardCharsets.UTF_8);
            System.exit(2);
        }
    }

    private static String capture(List<String> cmd, boolean stderr) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(stderr);
        Process p = pb.start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return s;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Map<String, String> duckOutput(Path stdout) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : Files.readAllLines(stdout)) {
            if (l.startsWith("duckdb.")) {
                int sp = l.indexOf(' ');
                m.merge(l.substring("duckdb.".length(), sp), l.substring(sp + 1), (a, b) -> a + "; " + b);
            }
        }
        return m;
    }

    /** Alerts by key {@code Signal|DeviceId|ReportId} (one alert per event and signal). */
    static Map<String, JsonNode> alertRows(Path file) throws IOException {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                String key = n.path("Signal").asText() + "|" + n.path("DeviceId").asText() + "|" + n.path("ReportId").asText();
                if (rows.put(key, n) != null) {
                    rows.put(key + "|dup" + rows.size(), n);
                }
            }
        }
        return rows;
    }

    private static Map<String, Long> countBySignal(Map<String, JsonNode> rows) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String s : TelemetryGenerator.SIGNALS) {
            m.put(s, 0L);
        }
        rows.values().forEach(n -> m.merge(n.path("Signal").asText(), 1L, Long::sum));
        return m;
    }

    // ---------------------------------------------------------------------------------------------

    private void table(List<Line> lines, long events, double duckSeconds) {
        int width = Math.max(20, lines.stream().mapToInt(l -> l.command().length()).max().orElse(0));
        String fmt = "%-" + width + "s | %8s | %11s | %15s | %11s | %s";
        say(fmt, "command", "wall s", "events/s", "ratio vs DuckDB", "peak RSS MB", "alerts per signal");
        say("%s", "-".repeat(width) + "-+-" + "-".repeat(8) + "-+-" + "-".repeat(11) + "-+-" + "-".repeat(15) + "-+-"
                + "-".repeat(11) + "-+-" + "-".repeat(60));
        for (Line l : lines) {
            say(fmt, l.command(), String.format(Locale.ROOT, "%.2f", l.wallSeconds()),
                    String.format(Locale.ROOT, "%,.0f", events / l.wallSeconds()),
                    String.format(Locale.ROOT, "%.2fx", l.wallSeconds() / duckSeconds),
                    l.rssKb() < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", l.rssKb() / 1024.0),
                    l.alerts() == null ? "-" : signals(l.alerts()));
        }
    }

    private boolean agreement(Map<String, Map<String, Long>> counts, Map<String, Map<String, JsonNode>> rows,
                              Map<String, Long> planted) {
        List<String> sides = new ArrayList<>(counts.keySet());
        String reference = sides.get(0);
        boolean agree = true;
        for (String side : sides.subList(1, sides.size())) {
            for (String signal : TelemetryGenerator.SIGNALS) {
                long a = counts.get(reference).get(signal);
                long b = counts.get(side).get(signal);
                if (a != b) {
                    say("alert counts DIFFER between %s and %s: first differing signal %s (%d vs %d)", reference, side,
                            signal, a, b);
                    differences(reference, side, signal, rows);
                    agree = false;
                    break;
                }
            }
            if (agree && !rows.get(reference).keySet().equals(rows.get(side).keySet())) {
                say("alert counts agree between %s and %s but the alerts differ row by row:", reference, side);
                for (String signal : TelemetryGenerator.SIGNALS) {
                    differences(reference, side, signal, rows);
                }
                agree = false;
            }
        }
        if (agree) {
            say("alert counts agree: %s, row by row (Signal, DeviceId, ReportId): %s",
                    String.join(", ", sides), signals(counts.get(reference)));
        }
        say("generator planted: %s -> %s", signals(planted),
                planted.equals(counts.get(reference)) ? "equal to the detection's alerts"
                        : "DIFFERENT from " + reference + " (the generator's labels or the detection is wrong)");
        return agree;
    }

    private void differences(String a, String b, String signal, Map<String, Map<String, JsonNode>> rows) {
        for (String[] pair : new String[][] {{a, b}, {b, a}}) {
            Set<String> only = new LinkedHashSet<>(rows.get(pair[0]).keySet());
            only.removeAll(rows.get(pair[1]).keySet());
            only.removeIf(k -> !k.startsWith(signal + "|"));
            if (!only.isEmpty()) {
                say("  %d %s alerts only in %s, e.g.:", only.size(), signal, pair[0]);
                only.stream().limit(5).forEach(k -> {
                    JsonNode n = rows.get(pair[0]).get(k);
                    say("    %s %s FileName=%s RemoteUrl=%s BytesSent=%s ProcessCommandLine=%s", k,
                            n.path("Timestamp").asText(), n.path("FileName"), n.path("RemoteUrl"), n.path("BytesSent"),
                            n.path("ProcessCommandLine"));
                });
            }
        }
    }

    /** The seed detection's signals first (0 when absent), then any other signal the map has (the pack's). */
    private static String signals(Map<String, Long> m) {
        StringBuilder b = new StringBuilder();
        for (String s : TelemetryGenerator.SIGNALS) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(s).append('=').append(m.getOrDefault(s, 0L));
        }
        m.forEach((s, n) -> {
            if (!TelemetryGenerator.SIGNALS.contains(s)) {
                b.append(' ').append(s).append('=').append(n);
            }
        });
        return b.toString();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
    }

    private static String rss(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MB", kb / 1024.0);
    }

    private void say(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        out.println(s);
        transcript.append(s).append('\n');
    }

    // ---------------------------------------------------------------------------------------------

    /** What {@code hunt batch} prints at the end (cli/Summary.java). */
    record Summary(long events, long rejected, Map<String, Long> alerts, double elapsedSeconds) {

        private static final Pattern TABLE = Pattern.compile(
                "^  (\\w+)\\s+files \\d+, (?:lines passed over unparsed (\\d+) [^,]*, )?events (\\d+), rejected (\\d+).*");
        private static final Pattern SIGNAL = Pattern.compile("^  (\\w+)\\s+(\\d+)$");
        private static final Pattern ELAPSED = Pattern.compile("^elapsed ([\\d.]+) s$");

        static Summary parse(Path stdout) throws IOException {
            long events = 0;
            long rejected = 0;
            double elapsed = Double.NaN;
            Map<String, Long> alerts = new LinkedHashMap<>();
            for (String s : TelemetryGenerator.SIGNALS) {
                alerts.put(s, 0L);
            }
            boolean inAlerts = false;
            for (String l : Files.readAllLines(stdout)) {
                Matcher m;
                if ((m = TABLE.matcher(l)).matches()) {
                    // lines passed over unparsed are events too (the generator writes no bad line)
                    events += (m.group(2) == null ? 0 : Long.parseLong(m.group(2))) + Long.parseLong(m.group(3));
                    rejected += Long.parseLong(m.group(4));
                } else if (l.startsWith("alerts ")) {
                    inAlerts = true;
                } else if (inAlerts && (m = SIGNAL.matcher(l)).matches()) {
                    alerts.put(m.group(1), Long.parseLong(m.group(2)));
                } else if ((m = ELAPSED.matcher(l)).matches()) {
                    elapsed = Double.parseDouble(m.group(1));
                    inAlerts = false;
                } else {
                    inAlerts = inAlerts && l.startsWith("  ");
                }
            }
            return new Summary(events, rejected, alerts, elapsed);
        }
    }

    /** Totals of a {@code -Xlog:gc} file: pause count and time, longest pause, largest heap before a GC. */
    static final class Gc {
        private static final Pattern PAUSE = Pattern.compile("Pause .* (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");

        int pauses;
        double pauseMillis;
        double maxPauseMillis;
        long peakHeapBytes;

        static Gc parse(Path log) throws IOException {
            Gc g = new Gc();
            if (!Files.exists(log)) {
                return g;
            }
            for (String l : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(l);
                if (m.find()) {
                    double ms = Double.parseDouble(m.group(4));
                    g.pauses++;
                    g.pauseMillis += ms;
                    g.maxPauseMillis = Math.max(g.maxPauseMillis, ms);
                    g.peakHeapBytes = Math.max(g.peakHeapBytes, Long.parseLong(m.group(1)) << 20);
                }
            }
            return g;
        }
    }
}
