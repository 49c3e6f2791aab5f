package io.cloudexfil.hunt.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
        assertThat(TelemetryGenerator.defaultFiles(8_000_000)).isBetween(10, 25); // ~256 MB files
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
        double avgLine = (double) r.bytes() / r.events();
        assertThat(avgLine).isBetween(500.0, 650.0);
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

    private static long countLines(byte[] b) {
        long n = 0;
        for (byte x : b) {
            n += x == '\n' ? 1 : 0;
        }
        return n;
    }
}
