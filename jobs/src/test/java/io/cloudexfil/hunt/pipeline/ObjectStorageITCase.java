package io.cloudexfil.hunt.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.cli.HuntCli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/hunt reads an archive in an S3-compatible server and writes its alerts there, through
 * Flink's own S3 file system plugin (jobs/target/plugins), with the settings a user gives in
 * {@code $FLINK_CONF_DIR/config.yaml}. The server is Adobe's S3Mock, a process of its own started
 * from its jar (the build copies it to target/test-servers); its access log shows every request the
 * run made, so partition pruning is checked on the requests themselves. The test sets the bucket up
 * and reads the results with plain HTTP, not with the code under test.
 */
class ObjectStorageITCase {

    private static final String BUCKET = "hunt-archive";
    private static final String TENANT = "tenantId=4b8c18bd-0c1f-4a8e-9d53-2f1e6a7b9c01";
    private static final String PROCESS_CONTAINER = "insights-logs-advancedhunting-deviceprocessevents/" + TENANT;
    private static final String FROM = "2026-11-20T00:00:00Z";
    private static final String TO = "2026-11-21T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Process s3;
    private static int port;
    private static Path accessLog;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void startS3Server() throws Exception {
        Path jar = Paths.get(System.getProperty("s3mock.jar", "target/test-servers/s3mock-exec.jar"));
        assertThat(jar).as("the S3Mock jar the build copies (mvn verify)").isRegularFile();
        port = freePort();
        Path logs = Files.createDirectories(work.resolve("s3-access"));
        accessLog = logs.resolve("access_log.log");
        List<String> cmd = List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar.toString(),
                "--com.adobe.testing.s3mock.http-port=" + port,
                "--server.port=" + freePort(), // its TLS port, unused
                "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.store.root=" + work.resolve("s3-store"),
                "--server.tomcat.accesslog.enabled=true",
                "--server.tomcat.accesslog.directory=" + logs,
                "--server.tomcat.accesslog.prefix=access_log",
                "--server.tomcat.accesslog.suffix=.log",
                "--server.tomcat.accesslog.rotate=false",
                "--server.tomcat.accesslog.buffered=false",
                "--server.tomcat.accesslog.pattern=%m %U%q %s");
        s3 = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("s3mock.log").toFile()).start();
        try {
            awaitServer();
            assertThat(request("PUT", "/" + BUCKET, null).statusCode()).isEqualTo(200);
        } catch (Throwable e) {
            stopS3Server();
            throw e;
        }
    }

    @AfterAll
    static void stopS3Server() throws InterruptedException {
        if (s3 != null) {
            s3.destroy();
            if (!s3.waitFor(30, TimeUnit.SECONDS)) {
                s3.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            s3 = null;
        }
    }

    @Test
    void batchOverAnArchiveInS3GivesTheAlertsOfTheSameArchiveOnDiskAndListsOnlyTheWindow() throws Exception {
        Path archive = archive(work.resolve("archive"));
        upload(archive, "archive");

        Path localOut = work.resolve("local-out");
        // the seed alone: the layout's golden alerts are the seed's
        Cli local = huntInProcess("batch", "--input", archive.toString(), "--output", localOut.toString(),
                "--from", FROM, "--to", TO, "--detection", "exfiltration_cloud_storage");
        assertThat(local.exit()).as(local.err()).isZero();

        long logStart = Files.size(accessLog);
        Run remote = bin(Map.of(), "batch", "--input", "s3://" + BUCKET + "/archive",
                "--output", "s3://" + BUCKET + "/out", "--from", FROM, "--to", TO, "--detection", "exfiltration_cloud_storage");
        assertThat(remote.exit()).as(remote.err() + remote.logTail()).isZero();
        assertThat(remote.err()).isEmpty();

        // the same alerts, row by row, as from the local folder; the hand-derived ones of the layout
        List<JsonNode> alerts = jsonLines(getText("/" + BUCKET + "/out/alerts.jsonl"));
        List<JsonNode> localAlerts = DetectionCase.readJsonLines(localOut.resolve("alerts.jsonl"));
        assertThat(alerts).containsExactlyElementsOf(localAlerts);
        assertThat(DetectionCase.canonical(alerts)).containsExactlyElementsOf(DetectionCase.canonical(DetectionCase.readJsonLines(
                TestRepo.root().resolve("test-data/formats/defender_storage_export/expected.jsonl"))));

        // the same files, events and rejections: the planted objects outside the window count nowhere
        assertThat(summaryLines(remote.out())).isEqualTo(summaryLines(local.out()))
                .anyMatch(l -> l.contains("DeviceProcessEvents") && l.contains("files 4,") && l.contains("rejected 1"))
                .anyMatch(l -> l.contains("not opened:"));
        assertThat(remote.out()).contains("alerts 3 -> s3://" + BUCKET + "/out/alerts.jsonl");

        // the in-window bad line's dead letter, renamed from its hidden name once complete
        List<String> deadLetters = keys("out/_rejected/");
        assertThat(deadLetters).hasSize(1).allMatch(k -> !k.substring(k.lastIndexOf('/') + 1).startsWith("."));
        assertThat(getText("/" + BUCKET + "/" + deadLetters.get(0))).contains("\"reason\":\"malformed_json\"")
                .contains("d=21/h=00");
        assertThat(keys("out/")).noneMatch(k -> k.contains("/_alerts-") || k.contains("inprogress"));

        // pruning, on the requests: the hours outside the window are neither listed nor read
        List<String> requests = requestsSince(logStart);
        List<String> lists = requests.stream().filter(r -> r.startsWith("GET /" + BUCKET + "?") || r.startsWith("GET /" + BUCKET + "/?"))
                .map(ObjectStorageITCase::listPrefix).toList();
        Set<String> reads = requests.stream().filter(r -> r.startsWith("GET /" + BUCKET + "/archive/"))
                .map(r -> r.substring(("GET /" + BUCKET + "/").length())).collect(Collectors.toCollection(TreeSet::new));
        assertThat(lists).as("listed prefixes").contains(
                "archive/" + PROCESS_CONTAINER + "/y=2026/m=11/",
                "archive/" + PROCESS_CONTAINER + "/y=2026/m=11/d=20/",
                "archive/" + PROCESS_CONTAINER + "/y=2026/m=11/d=21/", // the hour after the window may hold its events
                "archive/" + PROCESS_CONTAINER + "/y=2026/m=11/d=21/h=00/");
        assertThat(requests).as("requests").noneMatch(r -> r.contains("/d=19/") || r.contains("/d=22/")
                || r.contains("/d=21/h=01/") || r.contains("devicefileevents/" + TENANT + "/"));
        assertThat(reads).as("objects read").isEqualTo(filesInWindow(archive));
    }

    @Test
    void aSchemeWithoutAFileSystemIsOneLineBeforeAnythingRuns() throws Exception {
        Path out = work.resolve("never-written");
        Run unknown = bin(Map.of(), "batch", "--input", "foo://x", "--output", out.toString(), "--from", FROM);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n")
                .startsWith("hunt batch: no file system for foo://x: unknown scheme 'foo'")
                .contains("file", "s3", "abfss", "gs"); // the plugins bin/hunt loads
        assertThat(unknown.out()).isEmpty();

        Path noPlugins = Files.createDirectories(work.resolve("no-plugins"));
        Run missing = bin(Map.of("FLINK_PLUGINS_DIR", noPlugins.toString()), "batch",
                "--input", "s3://" + BUCKET + "/archive", "--output", out.toString(), "--from", FROM);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).doesNotContain("\n")
                .startsWith("hunt batch: no file system for s3://" + BUCKET + "/archive: ")
                .contains("flink-s3-fs-hadoop", noPlugins.toString());
        assertThat(out).doesNotExist(); // checked before the output is prepared or a plan is made
    }

    @Test
    void inThisJvmWithoutPluginsS3IsAMissingPluginAndAMistypedSchemeAUsageError() {
        Cli s3 = huntInProcess("query", "SELECT 1", "--input", "s3://" + BUCKET + "/archive");
        assertThat(s3.exit()).isEqualTo(1);
        assertThat(s3.err().strip()).doesNotContain("\n").startsWith("hunt query: no file system for s3://").contains("flink-s3-fs-hadoop");

        Cli typo = huntInProcess("batch", "--input", "s4://x/y", "--output", work.resolve("o").toString());
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err().strip()).doesNotContain("\n").startsWith("hunt batch: no file system for s4://x/y: unknown scheme 's4'");
    }

    // --- the archive ---------------------------------------------------------------------------

    /**
     * The Defender storage export of test-data/formats (its golden alerts are 3), plus objects the
     * window [FROM, TO) must not read, each of which would change the run if it were read: an
     * alerting event of the window filed in an hour outside it (d=21/h=01, d=22) and malformed
     * lines (d=19, d=22). The hour after the window (d=21/h=00) is read: a benign event and one
     * malformed line, whose dead letter shows the rename on object storage.
     */
    static Path archive(Path root) throws IOException {
        Path source = TestRepo.root().resolve("test-data/formats/defender_storage_export/input");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = root.resolve(source.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        Path rclone = source.resolve(PROCESS_CONTAINER + "/y=2026/m=11/d=20/h=03/m=00/PT1H.json");
        String alerting = Files.readAllLines(rclone).get(0);
        String benign = Files.readAllLines(source.resolve(PROCESS_CONTAINER + "/y=2026/m=11/d=20/h=08/m=00/PT1H.json")).get(0);
        String bad = "this line is not JSON";
        write(root, "y=2026/m=11/d=19/h=22/m=00/PT1H.json", bad);
        write(root, "y=2026/m=11/d=21/h=00/m=00/PT1H.json", at(benign, "2026-11-20T23:58:00.0000000Z", 900001), bad);
        write(root, "y=2026/m=11/d=21/h=01/m=00/PT1H.json", at(alerting, "2026-11-20T23:59:00.0000000Z", 900002));
        write(root, "y=2026/m=11/d=22/h=13/m=00/PT1H.json", at(alerting, "2026-11-20T13:00:00.0000000Z", 900003), bad);
        return root;
    }

    private static void write(Path root, String partition, String... lines) throws IOException {
        Path f = root.resolve(PROCESS_CONTAINER + "/" + partition);
        Files.createDirectories(f.getParent());
        Files.writeString(f, String.join("\r\n", lines) + "\r\n"); // as the export writes them
    }

    private static String at(String envelope, String timestamp, long reportId) throws IOException {
        ObjectNode e = (ObjectNode) JSON.readTree(envelope);
        ((ObjectNode) e.get("properties")).put("Timestamp", timestamp).put("ReportId", reportId);
        return JSON.writeValueAsString(e);
    }

    /** The data files the window may hold, as keys under the bucket: what the run should read. */
    private static Set<String> filesInWindow(Path archive) throws IOException {
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> "archive/" + archive.relativize(f).toString().replace('\\', '/'))
                    .filter(k -> !k.contains("devicefileevents") && !k.contains("/d=19/") && !k.contains("/d=22/")
                            && !k.contains("/d=21/h=01/"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    // --- the S3 server, over plain HTTP ---------------------------------------------------------

    private static void upload(Path dir, String prefix) throws IOException, InterruptedException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = prefix + "/" + dir.relativize(f).toString().replace('\\', '/');
                HttpResponse<String> r = request("PUT", "/" + BUCKET + "/" + key, Files.readAllBytes(f));
                assertThat(r.statusCode()).as("PUT " + key).isEqualTo(200);
            }
        }
    }

    private static HttpResponse<String> request(String method, String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String getText(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = request("GET", path, null);
        assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
        return r.body();
    }

    /** The keys under a prefix (ListObjectsV2, one page is enough here). */
    private static List<String> keys(String prefix) throws IOException, InterruptedException {
        String xml = getText("/" + BUCKET + "?list-type=2&prefix=" + prefix.replace("/", "%2F"));
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("<Key>([^<]*)</Key>").matcher(xml);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private static void awaitServer() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            assertThat(s3.isAlive()).as("S3Mock is running (see %s)", work.resolve("s3mock.log")).isTrue();
            try {
                request("GET", "/", null);
                return;
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("S3Mock started within 180 s").isLessThan(deadline);
                Thread.sleep(250);
            }
        }
    }

    /** The server's requests ("METHOD /path?query") logged after a byte offset, URL-decoded. */
    private static List<String> requestsSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(accessLog);
        String text = new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
        return text.lines().filter(l -> !l.isBlank())
                .map(l -> URLDecoder.decode(l.substring(0, l.lastIndexOf(' ')), StandardCharsets.UTF_8)).toList();
    }

    private static String listPrefix(String request) {
        Matcher m = Pattern.compile("[?&]prefix=([^&]*)").matcher(request);
        return m.find() ? m.group(1) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // --- running the CLI ------------------------------------------------------------------------

    record Cli(int exit, String out, String err) {}

    static Cli huntInProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HuntCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(exit, out.toString(), err.toString());
    }

    record Run(int exit, String out, String err, Path log) {
        String logTail() throws IOException {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return "\n--- " + log + " (end) ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    /**
     * bin/hunt as a user runs it: S3 settings in FLINK_CONF_DIR's config.yaml, file system plugins
     * from bin/hunt's default folder (unless {@code env} says otherwise).
     */
    static Run bin(Map<String, String> env, String... args) throws Exception {
        Path conf = Files.createDirectories(work.resolve("flink-conf"));
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "s3.endpoint: http://127.0.0.1:" + port,
                "s3.endpoint.region: us-east-1",
                "s3.path.style.access: true",
                "s3.access-key: hunt-test",
                "s3.secret-key: hunt-test-secret",
                "# S3Mock answers S3A's conditional reads and copies (If-Match on the ETag) with 412:",
                "# the client compares ETags itself instead",
                "s3.change.detection.mode: client",
                ""));
        List<String> cmd = new ArrayList<>();
        cmd.add(TestRepo.root().resolve("bin/hunt").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(TestRepo.root().toFile());
        Path log = Files.createTempFile(work, "hunt-", ".log");
        pb.environment().remove("FLINK_PLUGINS_DIR");
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        pb.environment().put("HUNT_CDS", "off");
        pb.environment().put("HUNT_DAEMON", "off"); // a JVM of its own for each run
        pb.environment().put("HUNT_LOG", log.toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true"); // no cloud metadata look-ups, ever
        pb.environment().putAll(env);
        Path stdout = Files.createTempFile(work, "hunt-", ".out");
        Path stderr = Files.createTempFile(work, "hunt-", ".err");
        Process p = pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            p.getOutputStream().close();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("bin/hunt finished").isTrue();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        return new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr), log);
    }

    /** The summary's per-table, skipped, pruning and per-signal lines (not the paths or the time). */
    private static List<String> summaryLines(String out) {
        return out.lines().filter(l -> l.startsWith("  ")).toList();
    }

    private static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
