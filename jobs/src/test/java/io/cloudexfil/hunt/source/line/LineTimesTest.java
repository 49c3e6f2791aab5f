package io.cloudexfil.hunt.source.line;

import io.cloudexfil.hunt.generate.SampleRows;
import io.cloudexfil.hunt.generate.TelemetryGenerator;
import io.cloudexfil.hunt.source.deadletter.RejectReason;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LineTimes} against the router it stands in for: on every line, for every table and
 * dedicated table, the byte scan gives the time routing gives, or leaves the line to routing.
 * Lines: every line of test-data, the generator's rows in every shape a message takes, hand-made
 * edge cases, and tens of thousands of mutations of them (bytes deleted, doubled, replaced by JSON's
 * structural bytes).
 */
class LineTimesTest {

    static final String PROCESS = "DeviceProcessEvents";
    static final String NETWORK = "DeviceNetworkEvents";
    static final String[][] READERS = {{PROCESS, null}, {NETWORK, null}, {PROCESS, PROCESS}, {NETWORK, NETWORK},
            {PROCESS, NETWORK}, {"DeviceFileEvents", null}};

    static final String T1 = "2026-11-20T10:00:00.1234567Z";
    static final String T2 = "2026-11-20T10:00:05Z";

    /** What routing gives: the latest event time of the table's rows in the line, as LineRouter times a passed-over line. */
    static TimestampData routed(String table, String fileTable, byte[] line) {
        TimestampData[] latest = new TimestampData[1];
        new LineRouter(table, new RowParser(List.of(), List.of()), fileTable, false, null).route(line, 0, line.length,
                new LineRouter.Sink() {
                    @Override
                    public void row(GenericRowData row) {}

                    @Override
                    public void row(GenericRowData row, TimestampData eventTime) {
                        latest[0] = WatermarkMarkers.later(latest[0], eventTime);
                    }

                    @Override
                    public void reject(RejectReason reason, String detail) {}

                    @Override
                    public void count(String key) {}

                    @Override
                    public void passedOver() {}
                });
        return latest[0];
    }

    /** Checks one line for every reader; returns how many readers the scan decided. */
    static int check(byte[] line) {
        int decided = 0;
        for (String[] r : READERS) {
            TimestampData fast = new LineTimes(r[0], r[1]).latest(line, 0, line.length);
            if (fast == LineTimes.UNSURE) {
                continue;
            }
            decided++;
            assertThat(fast).as("%s (file table %s) on %s", r[0], r[1], new String(line, StandardCharsets.UTF_8))
                    .isEqualTo(routed(r[0], r[1], line));
        }
        return decided;
    }

    static List<String> generatedMessages() throws IOException {
        List<String> p = SampleRows.of(TelemetryGenerator.PROCESS_TABLE, 7, 40, false).stream().map(SampleRows.Sample::json).toList();
        List<String> n = SampleRows.of(TelemetryGenerator.NETWORK_TABLE, 7, 30, false).stream().map(SampleRows.Sample::json).toList();
        List<String> hp = SampleRows.of(TelemetryGenerator.PROCESS_TABLE, 8, 10, true).stream().map(SampleRows.Sample::json).toList();
        List<String> lines = new ArrayList<>();
        List<String> envelopes = new ArrayList<>();
        for (List<String> rows : List.of(p, n, hp)) {
            String table = rows == n ? NETWORK : PROCESS;
            for (String row : rows) {
                lines.add(row); // flat
                String env = "{\"time\":\"" + T1 + "\",\"category\":\"AdvancedHunting-" + table + "\",\"properties\":" + row
                        + ",\"Tenant\":\"DefaultTenant\"}";
                envelopes.add(env);
                lines.add(env);
                lines.add(row.substring(0, row.length() - 1) + ",\"Type\":\"" + table + "\",\"TimeGenerated\":\"" + T2 + "\"}");
            }
        }
        for (int i = 0; i + 10 <= envelopes.size(); i += 10) {
            lines.add("{\"records\":[" + String.join(",", envelopes.subList(i, i + 10)) + "]}");
        }
        return lines;
    }

    @Test
    void generatedRowsInEveryShapeAreDecidedAndEqual() throws IOException {
        for (String line : generatedMessages()) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            // the generator's rows are what a fleet sends: the scan must decide every one, or it saves nothing
            assertThat(check(b)).as(line).isEqualTo(READERS.length);
        }
    }

    @Test
    void everyLineOfTestDataIsEqual() throws IOException {
        int lines = 0;
        int decided = 0;
        try (Stream<Path> files = Files.walk(Path.of("..", "test-data"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(LineTimesTest::isJsonLines).toList()) {
                for (byte[] line : lines(Files.readAllBytes(f))) {
                    lines++;
                    decided += check(line) > 0 ? 1 : 0;
                }
            }
        }
        assertThat(lines).isGreaterThan(500);
        assertThat(decided).as("lines decided by the scan").isGreaterThan(lines * 8 / 10);
    }

    @Test
    void edgeCasesAreEqualOrLeftToRouting() {
        String row = "{\"Timestamp\":\"" + T1 + "\",\"DeviceId\":\"d1\"}";
        List<String> lines = List.of(
                row,
                "  " + row + " \r",
                row + "x",
                row + row,
                "{\"Timestamp\":\"" + T1 + "\",\"Timestamp\":\"" + T2 + "\"}",
                "{\"Timestamp\":\"" + T1 + "\",\"Timestamp\":5}",
                "{\"Timestamp\":\"not a time\"}",
                "{\"Timestamp\":null}",
                "{\"DeviceId\":\"d1\"}",
                "{\"TimeGenerated\":\"" + T2 + "\"}",
                "{\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"properties\":{\"TimeGenerated\":\"" + T2 + "\"}}",
                "{}",
                "[]",
                "\"a\"",
                "",
                "{\"Timestamp\":\"2026-11-20T10:00:00\\u005A\"}",
                "{\"Time\\u0073tamp\":\"" + T1 + "\"}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":\"a\\\"b\\\\\",\"y\":[1,-2.5e3,true,false,null,{\"z\":[]}]}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":01}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":1.}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":tru}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":truex}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":\"a\\qb\"}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":\"a\tb\"}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":\"\\u12G4\"}",
                "{\"Timestamp\":\"" + T1 + "\",}",
                "{\"Timestamp\":\"" + T1 + "\" \"x\":1}",
                "\uFEFF" + row,
                "{\"Timestamp\":\"" + T1 + "\",\"x\":\"caf\u00e9 \u4e2d\"}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":" + "[".repeat(300) + "]".repeat(300) + "}",
                "{\"Timestamp\":\"" + T1 + "\",\"x\":" + "[".repeat(50) + "]".repeat(50) + "}",
                "{\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"properties\":" + row + "}",
                "{\"category\":\"advancedhunting-DeviceProcessEvents\",\"properties\":" + row + "}",
                "{\"category\":\"DeviceProcessEvents\",\"properties\":" + row + "}",
                "{\"properties\":" + row + ",\"category\":\"AdvancedHunting-DeviceNetworkEvents\"}",
                "{\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"properties\":\"x\"}",
                "{\"category\":5,\"properties\":" + row + "}",
                "{\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"category\":7,\"properties\":" + row + "}",
                "{\"category\":\"AdvancedHunting-Device\\u0050rocessEvents\",\"properties\":" + row + "}",
                "{\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"properties\":" + row + ",\"properties\":{\"Timestamp\":\"" + T2 + "\"}}",
                "{\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"properties\":{\"properties\":" + row + "}}",
                "{\"Type\":\"DeviceProcessEvents\",\"TimeGenerated\":\"" + T2 + "\"}",
                "{\"Type\":\"DeviceProcessEvents\",\"TimeGenerated\":\"" + T2 + "\",\"Timestamp\":null}",
                "{\"Type\":\"DeviceProcessEvents\",\"TimeGenerated\":\"" + T2 + "\",\"TimeGenerated\":\"x\"}",
                "{\"Type\":\"DeviceProcessEvents\",\"TimeGenerated\":5}",
                "{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T1 + "\",\"TimeGenerated\":\"" + T2 + "\"}",
                "{\"Type\":\"DeviceNetworkEvents\",\"Timestamp\":\"" + T1 + "\"}",
                "{\"Type\":\"DeviceProcessEvents\",\"category\":\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":" + row + "}",
                "{\"records\":[]}",
                "{\"records\":[1,\"a\",null]}",
                "{\"records\":{}}",
                "{\"records\":[" + row + "]}",
                "{\"records\":[{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T1 + "\"},{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T2 + "\"}]}",
                "{\"records\":[{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T2 + "\"},{\"Type\":\"DeviceNetworkEvents\",\"Timestamp\":\"2027-01-01T00:00:00Z\"}]}",
                "{\"records\":[{\"records\":[{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T1 + "\"}]}]}",
                "{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T1 + "\",\"records\":[]}",
                "{\"records\":[],\"records\":[{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T1 + "\"}]}",
                "{\"records\":[{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T1 + "\"}] ,}",
                "{\"records\":[{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T1 + "\"},]}",
                "{\"records\":[{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T1 + "\"}");
        for (String line : lines) {
            check(line.getBytes(StandardCharsets.UTF_8));
        }
        byte[] invalidUtf8 = ("{\"Timestamp\":\"" + T1 + "\",\"x\":\"a\u00ffb\"}").getBytes(StandardCharsets.ISO_8859_1);
        check(invalidUtf8);
        byte[] invalidKey = ("{\"Timestamp\":\"" + T1 + "\",\"\u00ff\":1}").getBytes(StandardCharsets.ISO_8859_1);
        check(invalidKey);
    }

    @Test
    void aLineInsideALargerBufferIsReadToItsEndOnly() {
        byte[] line = ("{\"Timestamp\":\"" + T1 + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[line.length + 40];
        System.arraycopy(line, 0, buf, 10, line.length);
        Arrays.fill(buf, line.length + 10, buf.length, (byte) ' ');
        assertThat(new LineTimes(PROCESS, PROCESS).latest(buf, 10, line.length)).isEqualTo(routed(PROCESS, PROCESS, line));
        // cut inside the string: the bytes after the end must not complete it
        assertThat(new LineTimes(PROCESS, PROCESS).latest(buf, 10, 20)).isSameAs(LineTimes.UNSURE);
    }

    @Test
    void mutatedLinesAreEqualOrLeftToRouting() throws IOException {
        List<String> seeds = new ArrayList<>(generatedMessages().subList(0, 60));
        seeds.add("{\"records\":[{\"Type\":\"DeviceProcessEvents\",\"Timestamp\":\"" + T1 + "\",\"x\":[1,2.5,true,{\"a\":null}]},"
                + "{\"category\":\"AdvancedHunting-DeviceProcessEvents\",\"properties\":{\"Timestamp\":\"" + T2 + "\"}}]}");
        byte[] structural = "{}[]\":,\\ 0-.etn\u0001".getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(14);
        int decided = 0;
        int mutants = 0;
        for (String s : seeds) {
            byte[] line = s.getBytes(StandardCharsets.UTF_8);
            for (int k = 0; k < 400; k++) {
                byte[] m = mutate(line, random, structural);
                mutants++;
                decided += check(m) > 0 ? 1 : 0;
            }
        }
        assertThat(mutants).isGreaterThan(20_000);
        assertThat(decided).as("mutants the scan decided").isGreaterThan(0);
    }

    static byte[] mutate(byte[] line, Random random, byte[] structural) {
        int at = random.nextInt(line.length);
        // mostly near the keys that matter, else anywhere
        if (random.nextBoolean()) {
            String s = new String(line, StandardCharsets.ISO_8859_1);
            String[] keys = {"\"Timestamp\"", "\"category\"", "\"properties\"", "\"records\"", "\"Type\"", "\"TimeGenerated\""};
            int found = s.indexOf(keys[random.nextInt(keys.length)], random.nextInt(Math.max(1, s.length() / 2)));
            if (found >= 0) {
                at = Math.min(line.length - 1, found + random.nextInt(40));
            }
        }
        byte[] out;
        switch (random.nextInt(3)) {
            case 0: // delete
                out = new byte[line.length - 1];
                System.arraycopy(line, 0, out, 0, at);
                System.arraycopy(line, at + 1, out, at, line.length - at - 1);
                return out;
            case 1: // insert
                out = new byte[line.length + 1];
                System.arraycopy(line, 0, out, 0, at);
                out[at] = structural[random.nextInt(structural.length)];
                System.arraycopy(line, at, out, at + 1, line.length - at);
                return out;
            default: // replace
                out = line.clone();
                out[at] = structural[random.nextInt(structural.length)];
                return out;
        }
    }

    static boolean isJsonLines(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".jsonl") || n.endsWith(".json");
    }

    static List<byte[]> lines(byte[] file) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= file.length; i++) {
            if (i == file.length || file[i] == '\n') {
                int to = i > from && file[i - 1] == '\r' ? i - 1 : i;
                if (to > from) {
                    out.add(Arrays.copyOfRange(file, from, to));
                }
                from = i + 1;
            }
        }
        return out;
    }

    static {
        if (!Files.isDirectory(Path.of("..", "test-data"))) {
            throw new UncheckedIOException(new IOException("run from the jobs module: ../test-data is not there"));
        }
    }
}
