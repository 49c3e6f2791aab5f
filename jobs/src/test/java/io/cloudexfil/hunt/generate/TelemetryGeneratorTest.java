package io.cloudexfil.hunt.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.kql.HasAny;
import io.cloudexfil.kql.InCi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIMESTAMP = Pattern.compile("2026-11-20T\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");

    /** The product's functions, one instance each: they compile a list once and reuse it. */
    private static final HasAny HAS_ANY = new HasAny();
    private static final InCi IN_CI = new InCi();

    private static Map<String, String[]> lists;
    private static long largeUploadMinBytes;

    @BeforeAll
    static void detection() {
        Detection d = Detection.load(Detection.DEFAULT);
        lists = new HashMap<>();
        d.lists().forEach((name, values) -> lists.put(name, values.toArray(new String[0])));
        largeUploadMinBytes = d.longs().get("LargeUploadMinBytes");
    }

    @Test
    void sameSeedGivesSameBytesAndAnotherSeedDoesNot(@TempDir Path tmp) throws IOException {
        TelemetryGenerator.generate(TelemetryGenerator.Options.of(20_000, tmp.resolve("a"), 7, 1));
        TelemetryGenerator.generate(TelemetryGenerator.Options.of(20_000, tmp.resolve("b"), 7, 1));
        TelemetryGenerator.generate(TelemetryGenerator.Options.of(20_000, tmp.resolve("c"), 8, 1));
        TelemetryGenerator.generate(TelemetryGenerator.Options.of(20_000, tmp.resolve("ea"), 7, 1, TelemetryGenerator.Layout.ENVELOPE));
        TelemetryGenerator.generate(TelemetryGenerator.Options.of(20_000, tmp.resolve("eb"), 7, 1, TelemetryGenerator.Layout.ENVELOPE));
        assertThat(treeBytes(tmp.resolve("ea"))).isEqualTo(treeBytes(tmp.resolve("eb")));
        for (String table : List.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE)) {
            byte[] a = Files.readAllBytes(tmp.resolve("a").resolve(table).resolve("part-00000.jsonl"));
            byte[] b = Files.readAllBytes(tmp.resolve("b").resolve(table).resolve("part-00000.jsonl"));
            byte[] c = Files.readAllBytes(tmp.resolve("c").resolve(table).resolve("part-00000.jsonl"));
            assertThat(a).isEqualTo(b);
            assertThat(a).isNotEqualTo(c);
        }
    }

    @Test
    void splitsIntoTheFilesAskedForWithoutChangingTheRows(@TempDir Path tmp) throws IOException {
        TelemetryGenerator.Result one = TelemetryGenerator.generate(TelemetryGenerator.Options.of(10_001, tmp.resolve("one"), 3, 1));
        TelemetryGenerator.Result three = TelemetryGenerator.generate(TelemetryGenerator.Options.of(10_001, tmp.resolve("three"), 3, 3));
        for (String table : List.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE)) {
            List<Path> parts;
            try (var s = Files.list(tmp.resolve("three").resolve(table))) {
                parts = s.sorted().toList();
            }
            assertThat(parts).extracting(p -> p.getFileName().toString())
                    .containsExactly("part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl");
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            List<Long> lines = new ArrayList<>();
            for (Path p : parts) {
                byte[] b = Files.readAllBytes(p);
                joined.writeBytes(b);
                lines.add(countLines(b));
            }
            assertThat(Collections.max(lines) - Collections.min(lines)).isLessThanOrEqualTo(1);
            assertThat(joined.toByteArray())
                    .isEqualTo(Files.readAllBytes(tmp.resolve("one").resolve(table).resolve("part-00000.jsonl")));
        }
        assertThat(three.files()).hasSize(6);
        assertThat(three.bytes()).isEqualTo(one.bytes());
        assertThat(TelemetryGenerator.defaultFiles(8_000_000)).isBetween(50, 75); // ~256 MB files of ~3.4 KB rows
        assertThat(TelemetryGenerator.defaultFiles(1_000)).isEqualTo(1);
    }

    @Test
    void countsPerTableAndEveryLineIsADefenderRow(@TempDir Path tmp) throws IOException {
        TelemetryGenerator.Result r = TelemetryGenerator.generate(TelemetryGenerator.Options.of(50_000, tmp, 11, 2));
        assertThat(r.process().rows()).isEqualTo(30_000);
        assertThat(r.network().rows()).isEqualTo(20_000);
        assertThat(r.events()).isEqualTo(50_000);

        Set<String> devices = new HashSet<>();
        long processBytes = 0;
        String previous = "";
        for (JsonNode row : rows(tmp, TelemetryGenerator.PROCESS_TABLE, r.process().rows())) {
            String ts = row.get("Timestamp").asText();
            assertThat(ts).matches(TIMESTAMP);
            assertThat(ts.compareTo(previous)).as("time order").isGreaterThanOrEqualTo(0);
            previous = ts;
            assertThat(Instant.parse(ts)).isBetween(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-20T23:59:59.9999999Z"));
            assertThat(row.get("DeviceId").asText()).matches(HEX40);
            devices.add(row.get("DeviceId").asText());
            assertThat(row.get("ActionType").asText()).isEqualTo("ProcessCreated");
            String cmd = row.get("ProcessCommandLine").asText();
            assertThat(cmd.codePointCount(0, cmd.length())).as(cmd).isBetween(50, 400);
            assertThat(row.get("FolderPath").asText()).isNotEmpty();
            assertThat(row.get("ProcessId").isIntegralNumber()).isTrue();
            assertThat(row.get("ReportId").isIntegralNumber()).isTrue();
            assertThat(row.hasNonNull("AccountName")).isTrue();
            processBytes += JSON.writeValueAsBytes(row).length; // compact, like the file
        }
        long withBytes = 0;
        long large = 0;
        long nullOrEmptyUrl = 0;
        for (JsonNode row : rows(tmp, TelemetryGenerator.NETWORK_TABLE, r.network().rows())) {
            assertThat(row.get("Timestamp").asText()).matches(TIMESTAMP);
            assertThat(row.get("DeviceId").asText()).matches(HEX40);
            devices.add(row.get("DeviceId").asText());
            assertThat(row.get("RemotePort").isInt()).isTrue();
            assertThat(row.get("LocalPort").isInt()).isTrue();
            if (row.hasNonNull("BytesSent")) {
                withBytes++;
                large += row.get("BytesSent").asLong() > largeUploadMinBytes ? 1 : 0;
            }
            if (!row.hasNonNull("RemoteUrl") || row.get("RemoteUrl").asText().isEmpty()) {
                nullOrEmptyUrl++;
            }
        }
        assertThat((double) withBytes / r.network().rows()).isBetween(0.27, 0.33);
        assertThat(large).isPositive().isLessThan(withBytes / 10);
        assertThat((double) nullOrEmptyUrl / r.network().rows()).isBetween(0.4, 0.7);
        assertThat(devices.size()).isBetween(4_000, TelemetryGenerator.DEVICES);
        assertThat(Math.abs(processBytes - r.process().bytes())).isLessThan(r.process().bytes() / 20);
    }

    /**
     * Rows as wide as real ones (sql/tables/README.md §10: a fleet archive averages about 3.3 KB per
     * process row and 2.2 KB per network row; envelopes add the streaming API's wrapper).
     */
    @Test
    void rowsAreAsWideAsDefendersInBothLayouts(@TempDir Path tmp) throws IOException {
        TelemetryGenerator.Result flat = TelemetryGenerator.generate(TelemetryGenerator.Options.of(50_000, tmp.resolve("f"), 11, 1));
        TelemetryGenerator.Result env = TelemetryGenerator.generate(
                TelemetryGenerator.Options.of(50_000, tmp.resolve("e"), 11, 0, TelemetryGenerator.Layout.ENVELOPE));
        assertThat((double) flat.process().bytes() / flat.process().rows()).isBetween(3_000.0, 3_700.0);
        assertThat((double) flat.network().bytes() / flat.network().rows()).isBetween(1_900.0, 2_500.0);
        assertThat((double) env.process().bytes() / env.process().rows()).isBetween(3_200.0, 3_900.0);
        assertThat((double) env.network().bytes() / env.network().rows()).isBetween(2_100.0, 2_700.0);
        long onDisk = 0;
        for (Path f : env.files()) {
            onDisk += Files.size(f);
        }
        assertThat(onDisk).isEqualTo(env.bytes());
    }

    /** Every column of sql/tables/*.sql is on every row of every kind (hit, near miss, background). */
    @Test
    void everyColumnOfTheTablesIsOnEveryRow(@TempDir Path tmp) throws IOException {
        Map<String, Map<Long, RowKind>> kinds = new HashMap<>();
        for (String t : List.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE)) {
            kinds.put(t, Collections.synchronizedMap(new HashMap<>()));
        }
        TelemetryGenerator.Result r = TelemetryGenerator.generate(
                new TelemetryGenerator.Options(20_000, tmp, 17, 1, 20, 10), (table, index, kind, bits) -> kinds.get(table).put(index, kind));
        for (String table : List.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE)) {
            List<String> columns = columns(table);
            assertThat(columns).hasSizeGreaterThan(40);
            Map<RowKind, Set<String>> optionalSeen = new HashMap<>();
            Map<String, Long> filled = new HashMap<>();
            long windowsRows = 0;
            long index = 0;
            for (JsonNode row : rows(tmp, table, table.equals(TelemetryGenerator.PROCESS_TABLE) ? r.process().rows() : r.network().rows())) {
                RowKind kind = kinds.get(table).get(index++);
                for (String c : columns) {
                    if (OPTIONAL_KEYS.contains(c)) {
                        if (row.has(c)) {
                            optionalSeen.computeIfAbsent(kind, k -> new HashSet<>()).add(c);
                        }
                    } else {
                        assertThat(row.has(c)).as("%s %s row %d has %s: %s", table, kind, index - 1, c, row).isTrue();
                    }
                }
                boolean windows = row.get("DeviceName").asText().endsWith(".contoso.com")
                        && !row.path("InitiatingProcessFolderPath").asText("/").startsWith("/")
                        && !row.path("FolderPath").asText("c").startsWith("/");
                if (windows && row.get("AdditionalFields").isNull()) {
                    windowsRows++;
                    row.fields().forEachRemaining(e -> {
                        if (!e.getValue().isNull()) {
                            filled.merge(e.getKey(), 1L, Long::sum);
                        }
                    });
                }
            }
            for (RowKind kind : RowKind.values()) {
                assertThat(optionalSeen.getOrDefault(kind, Set.of())).as("%s %s rows with RemoteUrl or BytesSent", table, kind)
                        .containsAll(table.equals(TelemetryGenerator.NETWORK_TABLE) ? OPTIONAL_KEYS : Set.of());
            }
            // on Windows rows the agent fills hashes, version resources, accounts, sessions, parents
            for (String c : columns) {
                if (c.contains("SHA1") || c.contains("SHA256") || c.contains("MD5") || c.endsWith("FileSize")
                        || c.endsWith("VersionInfoCompanyName") || c.endsWith("VersionInfoOriginalFileName")
                        || c.endsWith("IntegrityLevel") || c.endsWith("TokenElevation") || c.endsWith("AccountSid")
                        || c.endsWith("SessionId") || c.endsWith("CreationTime") || c.equals("InitiatingProcessCommandLine")
                        || c.endsWith("SignerType") || c.endsWith("SignatureStatus")) {
                    assertThat((double) filled.getOrDefault(c, 0L) / windowsRows).as("%s %s filled", table, c)
                            .isGreaterThan(0.9);
                }
            }
        }
    }

    /** Keys that some rows lack by design: RemoteUrl (sql/tables/README.md §1 item 4) and BytesSent (§7). */
    private static final Set<String> OPTIONAL_KEYS = Set.of("RemoteUrl", "BytesSent");

    /** AdditionalFields is either null or a string holding a JSON object, on a realistic share of rows. */
    @Test
    void additionalFieldsIsJsonInsideAString(@TempDir Path tmp) throws IOException {
        TelemetryGenerator.Result r = TelemetryGenerator.generate(TelemetryGenerator.Options.of(30_000, tmp, 19, 1));
        for (String table : List.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE)) {
            long with = 0;
            long unixProcess = 0;
            long rows = 0;
            for (JsonNode row : rows(tmp, table, table.equals(TelemetryGenerator.PROCESS_TABLE) ? r.process().rows() : r.network().rows())) {
                rows++;
                JsonNode a = row.get("AdditionalFields");
                boolean unix = row.path("FolderPath").asText("").startsWith("/");
                if (a.isNull()) {
                    assertThat(unix).as("a macOS or Linux process row without AdditionalFields: %s", row).isFalse();
                    continue;
                }
                assertThat(a.isTextual()).as(row.toString()).isTrue();
                JsonNode inner = JSON.readTree(a.asText());
                assertThat(inner.isObject()).as(a.asText()).isTrue();
                assertThat(inner.size()).isGreaterThan(5);
                with++;
                if (unix) {
                    unixProcess++;
                    assertThat(inner.has("InitiatingProcessPosixEffectiveUser")).isTrue();
                    assertThat(a.asText().length()).isGreaterThan(1000);
                }
            }
            assertThat((double) with / rows).as(table).isBetween(0.03, 0.2);
            if (table.equals(TelemetryGenerator.PROCESS_TABLE)) {
                assertThat(unixProcess).isEqualTo(with);
            }
        }
    }

    /**
     * The envelope layout is the streaming API's storage export (sql/tables/README.md §8.2): hourly
     * blobs under the container of each table, CRLF, records whose properties are byte for byte the
     * flat layout's rows; the same seed gives the same bytes.
     */
    @Test
    void envelopeLayoutIsTheStorageExportOfTheSameRows(@TempDir Path tmp) throws IOException {
        TelemetryGenerator.generate(TelemetryGenerator.Options.of(20_000, tmp.resolve("flat"), 23, 1));
        TelemetryGenerator.Result e1 = TelemetryGenerator.generate(
                TelemetryGenerator.Options.of(20_000, tmp.resolve("e1"), 23, 0, TelemetryGenerator.Layout.ENVELOPE));
        TelemetryGenerator.Result e2 = TelemetryGenerator.generate(
                TelemetryGenerator.Options.of(20_000, tmp.resolve("e2"), 23, 0, TelemetryGenerator.Layout.ENVELOPE));
        Pattern blob = Pattern.compile("insights-logs-advancedhunting-device(process|network)events/tenantId=[0-9a-f-]{36}"
                + "/y=2026/m=11/d=(20/h=\\d\\d|21/h=00)/m=00/PT1H\\.json");
        assertThat(e1.files()).hasSizeBetween(40, 50);
        for (Path f : e1.files()) {
            String rel = tmp.resolve("e1").relativize(f).toString().replace('\\', '/');
            assertThat(rel).matches(blob);
            assertThat(Files.readAllBytes(f)).isEqualTo(Files.readAllBytes(tmp.resolve("e2").resolve(tmp.resolve("e1").relativize(f))));
        }
        assertThat(e2.files()).hasSameSizeAs(e1.files());
        String tablePrefix = "insights-logs-advancedhunting-";
        for (String table : List.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE)) {
            List<String> properties = new ArrayList<>();
            for (Path f : e1.files()) {
                if (!f.toString().contains(tablePrefix + table.toLowerCase(java.util.Locale.ROOT))) {
                    continue;
                }
                String text = Files.readString(f, StandardCharsets.UTF_8);
                assertThat(text).endsWith("\r\n");
                String hour = f.getParent().getParent().getFileName().toString();
                for (String line : text.split("\r\n")) {
                    assertThat(line).doesNotContain("\n").startsWith("{\"time\":\"2026-11-2")
                            .contains(",\"operationName\":\"Publish\",\"category\":\"AdvancedHunting-" + table + "\",")
                            .endsWith("},\"Tenant\":\"DefaultTenant\"}");
                    JsonNode record = JSON.readTree(line);
                    Instant time = Instant.parse(record.get("time").asText());
                    Instant event = Instant.parse(record.get("properties").get("Timestamp").asText());
                    assertThat(Duration.between(event, time)).isBetween(Duration.ofSeconds(90), Duration.ofMinutes(7));
                    assertThat(hour).isEqualTo(String.format("h=%02d", time.atZone(java.time.ZoneOffset.UTC).getHour()));
                    int start = line.indexOf(",\"properties\":") + ",\"properties\":".length();
                    properties.add(line.substring(start, line.length() - ",\"Tenant\":\"DefaultTenant\"}".length()));
                }
            }
            List<String> flatRows = Files.readAllLines(tmp.resolve("flat").resolve(table).resolve("part-00000.jsonl"), StandardCharsets.UTF_8);
            Collections.sort(properties);
            Collections.sort(flatRows);
            assertThat(properties).isEqualTo(flatRows);
        }
    }

    /** The column names of sql/tables/<table>.sql (computed columns excluded). */
    private static List<String> columns(String table) throws IOException {
        List<String> out = new ArrayList<>();
        Pattern col = Pattern.compile("^\\s+`?([A-Za-z]+)`?\\s+(STRING|BIGINT|INT|BOOLEAN|TIMESTAMP_LTZ\\(7\\))\\s*,?$");
        for (String line : Files.readAllLines(TestRepo.root().resolve("sql/tables").resolve(table + ".sql"))) {
            var m = col.matcher(line);
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void aboutOneRowInTwoThousandHitsASignal(@TempDir Path tmp) throws IOException {
        TelemetryGenerator.Result r = TelemetryGenerator.generate(TelemetryGenerator.Options.of(100_000, tmp, 5, 0));
        double fraction = (double) r.hitRows() / r.events();
        assertThat(fraction).isBetween(0.00045, 0.00055);
        assertThat(r.nearMisses()).isBetween(95L, 101L);
        assertThat(r.hitsBySignal().values()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(r.files()).hasSize(2);
    }

    /**
     * Every planted label, row by row, agrees with the product's own KQL functions over the
     * detection's lists; near misses and background rows raise nothing.
     */
    @Test
    void plantedLabelsAgreeWithTheDetectionRowByRow(@TempDir Path tmp) throws IOException {
        Map<String, Map<Long, Integer>> labels = new HashMap<>();
        Map<String, Map<Long, RowKind>> kinds = new HashMap<>();
        for (String t : List.of(TelemetryGenerator.PROCESS_TABLE, TelemetryGenerator.NETWORK_TABLE)) {
            labels.put(t, Collections.synchronizedMap(new HashMap<>()));
            kinds.put(t, Collections.synchronizedMap(new HashMap<>()));
        }
        TelemetryGenerator.Options o = new TelemetryGenerator.Options(40_000, tmp, 13, 1, 8, 4);
        TelemetryGenerator.Result r = TelemetryGenerator.generate(o, (table, index, kind, bits) -> {
            labels.get(table).put(index, bits);
            kinds.get(table).put(index, kind);
        });
        assertThat(r.hitRows()).isGreaterThan(40_000 / 8 - 100);

        Map<String, Long> counted = new HashMap<>();
        long index = 0;
        for (JsonNode row : rows(tmp, TelemetryGenerator.PROCESS_TABLE, r.process().rows())) {
            int bits = processSignals(row);
            assertThat(bits).as("row %d (%s): %s", index, kinds.get(TelemetryGenerator.PROCESS_TABLE).get(index), row)
                    .isEqualTo(labels.get(TelemetryGenerator.PROCESS_TABLE).get(index));
            count(counted, bits);
            index++;
        }
        index = 0;
        for (JsonNode row : rows(tmp, TelemetryGenerator.NETWORK_TABLE, r.network().rows())) {
            int bits = networkSignals(row);
            assertThat(bits).as("row %d (%s): %s", index, kinds.get(TelemetryGenerator.NETWORK_TABLE).get(index), row)
                    .isEqualTo(labels.get(TelemetryGenerator.NETWORK_TABLE).get(index));
            count(counted, bits);
            index++;
        }
        for (String s : TelemetryGenerator.SIGNALS) {
            assertThat(counted.getOrDefault(s, 0L)).as(s).isEqualTo(r.hitsBySignal().get(s)).isPositive();
        }
    }

    @Test
    void refusesAFolderThatIsNotEmpty(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> TelemetryGenerator.generate(TelemetryGenerator.Options.of(10, tmp, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not empty");
        assertThat(Files.readString(tmp.resolve("notes.txt"))).isEqualTo("keep me");
    }

    private static void count(Map<String, Long> counted, int bits) {
        for (int s = 0; s < TelemetryGenerator.SIGNALS.size(); s++) {
            if ((bits & (1 << s)) != 0) {
                counted.merge(TelemetryGenerator.SIGNALS.get(s), 1L, Long::sum);
            }
        }
    }

    private static int processSignals(JsonNode row) {
        String fileName = text(row, "FileName");
        String cmd = text(row, "ProcessCommandLine");
        int bits = 0;
        if (hasAny(fileName, "CloudSyncBinaries") || hasAny(cmd, "SyncToolCommands")) {
            bits |= Row.CLOUD_SYNC_TOOL;
        }
        if (IN_CI.eval(fileName, lists.get("ApiUploadBinaries"))
                && hasAny(cmd, "CloudStorageDomains") && hasAny(cmd, "UploadIndicators")) {
            bits |= Row.CLOUD_API_UPLOAD;
        }
        return bits;
    }

    private static int networkSignals(JsonNode row) {
        boolean large = row.hasNonNull("BytesSent") && row.get("BytesSent").asLong() > largeUploadMinBytes;
        return large && hasAny(text(row, "RemoteUrl"), "CloudStorageDomains") ? Row.LARGE_CLOUD_UPLOAD : 0;
    }

    private static boolean hasAny(String text, String list) {
        return HAS_ANY.eval(text, lists.get(list));
    }

    private static String text(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** All rows of a table, in file order, each parsed by Jackson. */
    private static List<JsonNode> rows(Path root, String table, long expected) throws IOException {
        List<Path> parts;
        try (var s = Files.list(root.resolve(table))) {
            parts = s.sorted().toList();
        }
        List<JsonNode> rows = new ArrayList<>();
        for (Path p : parts) {
            try (BufferedReader in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode n = JSON.readTree(line);
                    assertThat(n.isObject()).as(line).isTrue();
                    rows.add(n);
                }
            }
        }
        assertThat(rows).hasSize((int) expected);
        return rows;
    }

    /** Every file under a folder, by relative path, with a digest of its bytes. */
    private static Map<String, String> treeBytes(Path root) throws IOException {
        Map<String, String> m = new java.util.TreeMap<>();
        try (var s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try {
                    byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    m.put(root.relativize(p).toString(), java.util.HexFormat.of().formatHex(d));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(m).isNotEmpty();
        return m;
    }

    private static long countLines(byte[] b) {
        long n = 0;
        for (byte x : b) {
            n += x == '\n' ? 1 : 0;
        }
        return n;
    }
}
