package io.cloudexfil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hunt on a real multi-process Flink cluster started by deploy/local-cluster/ (one JobManager,
 * two TaskManagers, each its own JVM), submitted by bin/hunt with --jobmanager as a user does:
 * this is what proves the cluster jar (provided scopes, merged service files). One cluster for
 * the class; the tests run in order (the last one kills a TaskManager and adds another).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WINDOW_FROM = "2026-11-01T00:00:00Z";
    private static final String WINDOW_TO = "2026-12-01T00:00:00Z";

    @TempDir
    static Path tmp;

    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(tmp.resolve("cluster"), 2, 2);
        assertThat(cluster.metricsUrls).hasSize(3); // the JobManager and each TaskManager
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
            assertThat(cluster.alive()).as("processes left running").isEmpty();
        }
    }

    @Test
    @Order(1)
    void aBatchHuntOnTheClusterGivesTheEmbeddedRunsSummaryAndAlerts() throws Exception {
        Path input = LocalCluster.repo().resolve("test-data/sample/input");
        LocalCluster.Run embedded = hunt("embedded", "batch", "--input", input.toString(), "--output",
                tmp.resolve("embedded").toString(), "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");
        LocalCluster.Run onCluster = hunt("on-cluster", "batch", "--jobmanager", cluster.jobmanager(), "--parallelism", "2",
                "--input", input.toString(), "--output", tmp.resolve("on-cluster").toString(),
                "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");
        assertThat(embedded.exitCode()).as(embedded.output()).isZero();
        assertThat(onCluster.exitCode()).as(onCluster.output()).isZero();
        // the counters come back with the job (accumulators), not from files: the same summary
        assertThat(summary(onCluster.output(), "on-cluster")).isEqualTo(summary(embedded.output(), "embedded"));
        assertThat(onCluster.output()).contains("DeviceProcessEvents  files 1", "DeviceNetworkEvents  files 1");
        List<String> alerts = Files.readAllLines(tmp.resolve("on-cluster/alerts.jsonl"));
        assertThat(onCluster.output()).contains("alerts " + alerts.size() + " ");
        assertThat(alerts).isEqualTo(Files.readAllLines(tmp.resolve("embedded/alerts.jsonl")));
        // the seed's alerts among the pack's are the bundled golden ones (which predate the pack's columns)
        assertThat(canonical(seedAlertsInSeedColumns(alerts))).isEqualTo(canonical(
                Files.readAllLines(LocalCluster.repo().resolve("test-data/sample/expected.jsonl"))));
    }

    /** The tuning file's allowlist runs on the cluster as in this process: the same alerts and suppressions. */
    @Test
    @Order(1)
    void aTunedBatchHuntOnTheClusterSuppressesWhatTheEmbeddedOneDoes() throws Exception {
        Path input = LocalCluster.repo().resolve("test-data/tuning/ci_azure_pipelines_agent");
        String config = LocalCluster.repo().resolve("deploy/tuning.example.yml").toString();
        List<String> common = List.of("--input", input.toString(), "--from", "2026-11-20T00:00:00Z",
                "--to", "2026-11-21T00:00:00Z", "--config", config, "--show-suppressed");
        List<String> embeddedArgs = new ArrayList<>(List.of("batch", "--output", tmp.resolve("tuned-embedded").toString()));
        embeddedArgs.addAll(common);
        List<String> clusterArgs = new ArrayList<>(List.of("batch", "--jobmanager", cluster.jobmanager(),
                "--output", tmp.resolve("tuned-cluster").toString()));
        clusterArgs.addAll(common);
        LocalCluster.Run embedded = hunt("tuned-embedded", embeddedArgs.toArray(String[]::new));
        LocalCluster.Run onCluster = hunt("tuned-cluster", clusterArgs.toArray(String[]::new));
        assertThat(embedded.exitCode()).as(embedded.output()).isZero();
        assertThat(onCluster.exitCode()).as(onCluster.output()).isZero();
        assertThat(onCluster.output()).containsPattern("suppressed [1-9]\\d*").contains("ci-azure-pipelines")
                .contains("tuning " + config + " sha256 ");
        assertThat(suppressionLines(onCluster.output())).isEqualTo(suppressionLines(embedded.output()));
        assertThat(Files.readString(tmp.resolve("tuned-cluster/_suppressed/suppressed.jsonl")))
                .isEqualTo(Files.readString(tmp.resolve("tuned-embedded/_suppressed/suppressed.jsonl")))
                .contains("\"SuppressedBy\":\"ci-azure-pipelines\"");
    }

    /** The tuning file's repeats rules fold on the cluster as in this process: the same alerts, byte for byte. */
    @Test
    void aBatchHuntWithRepeatsRulesOnTheClusterFoldsWhatTheEmbeddedOneDoes() throws Exception {
        Path input = LocalCluster.repo().resolve("test-data/repeats");
        List<String> common = List.of("--input", input.toString(), "--from", "2026-11-20T00:00:00Z",
                "--to", "2026-11-21T00:00:00Z", "--config", input.resolve("tuning.yml").toString(),
                "--detection", "renamed_rclone", "--detection", "chunked_cloud_upload");
        List<String> embeddedArgs = new ArrayList<>(List.of("batch", "--output", tmp.resolve("repeats-embedded").toString()));
        embeddedArgs.addAll(common);
        List<String> clusterArgs = new ArrayList<>(List.of("batch", "--jobmanager", cluster.jobmanager(),
                "--output", tmp.resolve("repeats-cluster").toString()));
        clusterArgs.addAll(common);
        LocalCluster.Run embedded = hunt("repeats-embedded", embeddedArgs.toArray(String[]::new));
        LocalCluster.Run onCluster = hunt("repeats-cluster", clusterArgs.toArray(String[]::new));
        assertThat(embedded.exitCode()).as(embedded.output()).isZero();
        assertThat(onCluster.exitCode()).as(onCluster.output()).isZero();
        // four connections folded (3 + 1) and one of two chunked windows
        assertThat(onCluster.output()).contains("repeats folded 5 alerts");
        assertThat(Files.readString(tmp.resolve("repeats-cluster/alerts.jsonl")))
                .isEqualTo(Files.readString(tmp.resolve("repeats-embedded/alerts.jsonl")))
                .contains("\"Repeats\":4");
    }

    @Test
    @Order(2)
    void aBatchRunOnATerminalShowsALiveProgressLineEmbeddedAndOnTheCluster() throws Exception {
        Path script = Path.of("/usr/bin/script");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(script), "util-linux script (a pseudo-terminal)");
        Path fleet = tmp.resolve("fleet");
        LocalCluster.Run generate = hunt("generate", "generate", "--events", "150000", "--out", fleet.toString());
        assertThat(generate.exitCode()).as(generate.output()).isZero();
        String window = " --from 2026-11-20T00:00:00Z --to 2026-11-21T00:00:00Z --parallelism 2";
        String hunt = LocalCluster.repo().resolve("bin/hunt") + " batch --input " + fleet + window;
        LocalCluster.Run embedded = LocalCluster.Run.of(List.of(script.toString(), "-qec",
                hunt + " --output " + tmp.resolve("tty-embedded"), "/dev/null"), tmp.resolve("logs/tty-embedded.out"), 600);
        LocalCluster.Run onCluster = LocalCluster.Run.of(List.of(script.toString(), "-qec",
                hunt + " --output " + tmp.resolve("tty-cluster") + " --jobmanager " + cluster.jobmanager(), "/dev/null"),
                tmp.resolve("logs/tty-cluster.out"), 600);
        for (LocalCluster.Run run : List.of(embedded, onCluster)) {
            assertThat(run.exitCode()).as(run.output()).isZero();
            // redrawn in place (carriage return, clear to the end of the line), then cleared for the summary
            assertThat(run.output()).containsPattern("\rfiles \\d+/\\d+, [0-9.]+ [KMG]B/[0-9.]+ [KMG]B, \\S+ events/s, alerts \\d+")
                    .contains("\u001b[K").contains(" -> ");
        }
        assertThat(Files.readString(tmp.resolve("tty-cluster/alerts.jsonl")))
                .isEqualTo(Files.readString(tmp.resolve("tty-embedded/alerts.jsonl")));
        // not on a pipe: the end summary only
        LocalCluster.Run piped = hunt("piped", "batch", "--input", fleet.toString(), "--output",
                tmp.resolve("piped").toString(), "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-21T00:00:00Z");
        assertThat(piped.exitCode()).as(piped.output()).isZero();
        assertThat(piped.output()).doesNotContain("\r").doesNotContain("events/s");
    }

    @Test
    @Order(3)
    void aStreamRunsDetachedReportsMetricsAndResumesFromASavepoint() throws Exception {
        Path in = tmp.resolve("stream-in");
        Path out = tmp.resolve("stream-out");
        List<Path> files = sampleFiles(in, 6);
        String job = submitStream("stream-submit", in, out);

        drop(files.subList(0, 3), in);
        long events = eventsIn(files.subList(0, 3));
        // the input counters are job metrics on every TaskManager's Prometheus endpoint (events parsed
        // plus lines the prefilter passed over: every line of the files)
        eventually(() -> scrapedEvents() == events, 90, () -> "scraped events " + scrapedEvents() + ", want " + events);
        Map<String, List<String>> expected = batchAlerts(in, "stream-batch-1");
        eventually(() -> committed(out).size() >= expected.get("all").size(), 90,
                () -> "committed " + committed(out).size() + " of " + expected.get("all").size());
        // and so are the alerts per signal
        eventually(() -> scraped(ALERTS_GAUGE) == expected.get("all").size(), 60,
                () -> "scraped alerts " + scraped(ALERTS_GAUGE) + ", want " + expected.get("all").size());

        LocalCluster.Run stop = hunt("stream-stop", "stop", "--jobmanager", cluster.jobmanager(),
                "--savepoint", tmp.resolve("savepoints").toString(), job);
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        Matcher sp = Pattern.compile("savepoint (\\S+)").matcher(stop.output());
        assertThat(sp.find()).as(stop.output()).isTrue();

        drop(files.subList(3, 6), in); // arrive while nothing runs
        String resumed = submitStream("stream-resume", in, out, "--restore", sp.group(1));
        Map<String, List<String>> all = batchAlerts(in, "stream-batch-2");
        eventually(() -> committed(out).size() >= all.get("all").size(), 90,
                () -> "committed " + committed(out).size() + " of " + all.get("all").size());
        Thread.sleep(3000); // more checkpoints: a repeat would be committed by now
        assertThat(canonical(committed(out))).isEqualTo(all.get("all"));

        LocalCluster.Run cancel = hunt("stream-cancel", "cancel", "--jobmanager", cluster.jobmanager(),
                resumed);
        assertThat(cancel.exitCode()).as(cancel.output()).isZero();
    }

    @Test
    @Order(4)
    void aStreamSurvivesALostTaskManager() throws Exception {
        Path in = tmp.resolve("failover-in");
        Path out = tmp.resolve("failover-out");
        List<Path> files = sampleFiles(in, 9);
        String job = submitStream("failover-submit", in, out);

        drop(files.subList(0, 3), in);
        Map<String, List<String>> first = batchAlerts(in, "failover-batch-1");
        eventually(() -> committed(out).size() >= first.get("all").size(), 90,
                () -> "committed " + committed(out).size() + " of " + first.get("all").size());

        String victim = taskManagerOf(job);
        long killedAt = System.nanoTime();
        drop(files.subList(3, 5), in); // files keep arriving while the TaskManager dies
        cluster.kill(victim);
        drop(files.subList(5, 6), in);
        cluster.addTaskManager();
        drop(files.subList(6, 9), in);

        Map<String, List<String>> all = batchAlerts(in, "failover-batch-2");
        eventually(() -> committed(out).size() >= all.get("all").size(), 180,
                () -> "committed " + committed(out).size() + " of " + all.get("all").size());
        long recovered = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        Thread.sleep(3000);
        assertThat(canonical(committed(out))).as("none lost, none twice").isEqualTo(all.get("all"));
        assertThat(restarts(job)).isGreaterThanOrEqualTo(1);
        System.out.printf("failover: %s killed; every alert committed %d ms later%n", victim, recovered);
        hunt("failover-cancel", "cancel", "--jobmanager", cluster.jobmanager(), job);
    }

    // --- helpers

    private static LocalCluster.Run hunt(String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(LocalCluster.repo().resolve("bin/hunt").toString());
        cmd.addAll(List.of(args));
        return LocalCluster.Run.of(cmd, tmp.resolve("logs/" + name + ".out"), 600,
                Map.of("HUNT_LOG", tmp.resolve("logs/" + name + ".log").toString()));
    }

    /** bin/hunt stream --jobmanager, detached; returns the job id it printed. */
    private static String submitStream(String name, Path in, Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("stream", "--jobmanager", cluster.jobmanager(), "--input",
                in.toString(), "--output", out.toString(), "--checkpoint-interval", "1s", "--monitor-interval", "500ms",
                "--parallelism", "2"));
        args.addAll(PER_EVENT);
        args.addAll(List.of(extra));
        LocalCluster.Run run = hunt(name, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        if (extra.length > 0) {
            assertThat(run.output()).contains("restored from");
        }
        return jobId(run.output());
    }

    /** The summary without its first lines' paths, its elapsed time and whether its plan was restored. */
    private static List<String> summary(String output, String outName) {
        return output.lines().filter(l -> !l.startsWith("elapsed") && !l.startsWith("hunt:") && !l.startsWith("plan "))
                .map(l -> l.replace(tmp.resolve(outName).toString(), "OUT")).toList();
    }

    private static String jobId(String output) {
        Matcher m = Pattern.compile("(?m)^job ([0-9a-f]{32})$").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
    }

    /** The bundled sample's rows, dealt round-robin into n files per table (not yet visible). */
    private static List<Path> sampleFiles(Path in, int n) throws IOException {
        Files.createDirectories(in);
        Path staging = Files.createDirectories(in.resolveSibling(in.getFileName() + "-staging"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(staging.resolve("part-" + i));
        }
        for (String table : List.of("DeviceProcessEvents", "DeviceNetworkEvents")) {
            List<String> rows = new ArrayList<>();
            try (Stream<Path> source = Files.list(LocalCluster.repo().resolve("test-data/sample/input/" + table))) {
                for (Path f : source.sorted().toList()) {
                    rows.addAll(Files.readAllLines(f));
                }
            }
            rows.removeIf(String::isBlank);
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder();
                for (int r = i; r < rows.size(); r += n) {
                    sb.append(rows.get(r)).append('\n');
                }
                Files.createDirectories(files.get(i).resolve(table));
                Files.writeString(files.get(i).resolve(table).resolve("rows.jsonl"), sb);
            }
        }
        return files;
    }

    /** Makes staged files appear in the watched folder atomically (hidden name, then rename). */
    private static void drop(List<Path> staged, Path in) throws IOException {
        for (Path part : staged) {
            for (String table : List.of("DeviceProcessEvents", "DeviceNetworkEvents")) {
                Path dir = Files.createDirectories(in.resolve(table));
                Path hidden = dir.resolve("." + part.getFileName() + ".tmp");
                Files.copy(part.resolve(table).resolve("rows.jsonl"), hidden, StandardCopyOption.REPLACE_EXISTING);
                Files.move(hidden, dir.resolve(part.getFileName() + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static long eventsIn(List<Path> staged) throws IOException {
        long n = 0;
        for (Path part : staged) {
            for (String table : List.of("DeviceProcessEvents", "DeviceNetworkEvents")) {
                n += Files.readAllLines(part.resolve(table).resolve("rows.jsonl")).stream().filter(l -> !l.isBlank()).count();
            }
        }
        return n;
    }

    /** The batch hunt (embedded) over the same folder: the reference a stream must equal. */
    /**
     * The detections whose alerts rest on one event each. The windowed and joined ones alert once the
     * watermark passes their window, which a stream of one day's files that then stops never reaches
     * (a bounded batch run closes every window at its end): the stream is compared with them left out.
     */
    static final List<String> PER_EVENT = List.of("--detection", "exfiltration_cloud_storage", "--detection",
            "renamed_rclone", "--detection", "rclone_config_artifacts", "--detection", "exfiltration_web_services");

    private static Map<String, List<String>> batchAlerts(Path in, String name) throws Exception {
        List<String> args = new ArrayList<>(List.of("batch", "--input", in.toString(), "--output",
                tmp.resolve(name).toString(), "--from", WINDOW_FROM, "--to", WINDOW_TO));
        args.addAll(PER_EVENT);
        LocalCluster.Run run = hunt(name, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.output()).isZero();
        List<String> alerts = canonical(Files.readAllLines(tmp.resolve(name).resolve("alerts.jsonl")));
        assertThat(alerts).isNotEmpty();
        return Map.of("all", alerts);
    }

    private static List<String> committed(Path out) {
        List<String> lines = new ArrayList<>();
        Path dir = out.resolve("alerts");
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines.removeIf(String::isBlank);
        return lines;
    }

    /** "suppressed N" without the folder it names, and the count of each allowlist entry. */
    private static List<String> suppressionLines(String output) {
        return output.lines().filter(l -> l.startsWith("suppressed ") || l.matches("  [a-z][a-z0-9.-]+ +\\d+.*"))
                .map(l -> l.replaceAll(" -> .*", "")).toList();
    }

    /** The seed detection's alerts, without the columns the pack added after the seed's. */
    private static List<String> seedAlertsInSeedColumns(List<String> lines) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            ObjectNode a = (ObjectNode) JSON.readTree(l);
            if (a.path("Detection").asText().equals("exfiltration_cloud_storage")) {
                a.remove(List.of("Detection", "FolderPath", "EvidenceReportIds", "Repeats", "AlertId"));
                out.add(a.toString());
            }
        }
        return out;
    }

    private static List<String> canonical(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                JsonNode alert = JSON.readTree(l);
                ObjectNode n = JSON.createObjectNode();
                List<String> keys = new ArrayList<>();
                alert.fieldNames().forEachRemaining(keys::add);
                keys.sort(Comparator.naturalOrder());
                for (String k : keys) {
                    JsonNode v = alert.get(k);
                    if (k.equals("Timestamp") && v.isTextual()) {
                        n.put(k, Instant.parse(v.asText()).toString());
                    } else if (v.isNumber()) {
                        n.put(k, v.asLong());
                    } else {
                        n.set(k, v);
                    }
                }
                return JSON.writeValueAsString(n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sorted().toList();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static final Pattern EVENTS_GAUGE =
            Pattern.compile("(?m)^flink_taskmanager_job_task_operator_cloudexfil_(?:events|unparsed)\\{[^}]*} ([0-9.eE+]+)$");
    private static final Pattern ALERTS_GAUGE =
            Pattern.compile("(?m)^flink_taskmanager_job_task_operator_cloudexfil\\w*_alerts\\{[^}]*signal=\"\\w+\"[^}]*} ([0-9.eE+]+)$");

    /**
     * The lines read, over every process's Prometheus endpoint: the cloudexfil 'events' gauges
     * (parsed) and 'unparsed' ones (passed over by the prefilter).
     */
    private static long scrapedEvents() {
        return scraped(EVENTS_GAUGE);
    }

    /** The sum of one metric (group 1 of the pattern) over every process's Prometheus endpoint. */
    private static long scraped(Pattern gauge) {
        long sum = 0;
        for (String url : cluster.metricsUrls) {
            try {
                Matcher m = gauge.matcher(get(url));
                while (m.find()) {
                    sum += (long) Double.parseDouble(m.group(1));
                }
            } catch (Exception e) {
                // a killed TaskManager's endpoint is gone
            }
        }
        return sum;
    }

    /** The TaskManager (its resource id, as start-cluster names it) running the job's source. */
    private static String taskManagerOf(String job) throws Exception {
        JsonNode vertices = JSON.readTree(get("http://" + cluster.jobmanager() + "/jobs/" + job)).path("vertices");
        String vertex = vertices.get(0).path("id").asText();
        JsonNode tms = JSON.readTree(get("http://" + cluster.jobmanager() + "/jobs/" + job + "/vertices/" + vertex
                + "/taskmanagers")).path("taskmanagers");
        return tms.get(0).path("taskmanager-id").asText();
    }

    private static long restarts(String job) throws Exception {
        return JSON.readTree(get("http://" + cluster.jobmanager() + "/jobs/" + job + "/checkpoints"))
                .path("counts").path("restored").asLong();
    }

    private static void eventually(Supplier<Boolean> condition, int seconds, Supplier<String> why) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + why.get());
            }
            Thread.sleep(250);
        }
    }
}
