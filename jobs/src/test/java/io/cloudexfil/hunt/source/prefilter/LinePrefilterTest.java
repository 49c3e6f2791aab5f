package io.cloudexfil.hunt.source.prefilter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.source.file.LineReader;
import io.cloudexfil.hunt.source.line.RowParser;
import io.cloudexfil.kql.HasAny;
import io.cloudexfil.kql.InCi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prefilter never passes over a line whose row meets the exact filter. The filter here is the
 * detection's process filter (signals 2 and 3) built as the planner pushes it; the rows are random
 * mixes of needles, near misses and the characters that make raw bytes differ from values:
 * escapes, the four non-ASCII letters that fold to ASCII, other non-ASCII, quotes, backslashes.
 */
public class LinePrefilterTest {

    static final Map<String, List<String>> LISTS = Detection.load(Detection.DEFAULT).lists();
    static final ObjectMapper JSON = new ObjectMapper();

    public static Set<String> list(String name) {
        return new LinkedHashSet<>(LISTS.get(name));
    }

    /** or(sig2, sig3) over the line, as PrefilterCompiler builds it from the pushed filters. */
    public static LinePrefilter processFilter() {
        LinePrefilter.Node sig2 = LinePrefilter.or(List.of(LinePrefilter.anyOf("FileName", list("CloudSyncBinaries")),
                LinePrefilter.anyOf("ProcessCommandLine", list("SyncToolCommands"))));
        LinePrefilter.Node sig3 = LinePrefilter.and(List.of(LinePrefilter.anyOf("FileName", list("ApiUploadBinaries")),
                LinePrefilter.anyOf("ProcessCommandLine", list("CloudStorageDomains")),
                LinePrefilter.anyOf("ProcessCommandLine", list("UploadIndicators"))));
        return LinePrefilter.of(LinePrefilter.or(List.of(sig2, sig3)));
    }

    static boolean exact(String fileName, String commandLine) {
        HasAny hasAny = new HasAny();
        String[] none = new String[0];
        boolean sig2 = hasAny.eval(fileName, LISTS.get("CloudSyncBinaries").toArray(none))
                || hasAny.eval(commandLine, LISTS.get("SyncToolCommands").toArray(none));
        boolean sig3 = new InCi().eval(fileName, LISTS.get("ApiUploadBinaries").toArray(none))
                && hasAny.eval(commandLine, LISTS.get("CloudStorageDomains").toArray(none))
                && hasAny.eval(commandLine, LISTS.get("UploadIndicators").toArray(none));
        return sig2 || sig3;
    }

    static final String[] PIECES = {
        "rclone", "copy", "sync", "azcopy", "gsutil", "cp", "aws", "s3", ":s3", ":box", "mega:", "mega", "box",
        "curl", "curl.exe", "python3", "pwsh.exe", "dropbox.com", "notdropbox.com", "api.box.com", "mega.nz",
        "-T ", "-t", "upload", "Invoke-WebRequest", "WebClient", "-d @", ".exe", "C:\\Windows\\", "\"q\"",
        " ", " ", "/", "\\", ":", "3", "é", "Ж", "😀", "\t", "\n",
    };

    /** A value from pieces, with letters randomly changed in case or into the letters that fold to them. */
    static String value(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String p = PIECES[r.nextInt(PIECES.length)];
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                int roll = r.nextInt(20);
                if (roll == 0) {
                    c = Character.toUpperCase(c);
                } else if (roll == 1 && (c == 's' || c == 'S')) {
                    c = 'ſ';
                } else if (roll == 1 && (c == 'k' || c == 'K')) {
                    c = '\u212A';
                } else if (roll == 1 && (c == 'i' || c == 'I')) {
                    c = r.nextBoolean() ? 'İ' : 'ı';
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A JSON string as some encoder might write it: any character may come as an escape. */
    static String jsonString(String v, Random r, boolean escapeFreely) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (escapeFreely && r.nextInt(25) == 0) {
                sb.append(c == '/' && r.nextBoolean() ? "\\/" : String.format(r.nextBoolean() ? "\\u%04X" : "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A member, in one of the shapes a row may give it: a string, null, a number, an object, absent. */
    static String member(String key, Random r, boolean escapes) {
        int shape = r.nextInt(12);
        String sep = r.nextBoolean() ? ":" : " : ";
        if (shape == 0) {
            return "\"" + key + "\"" + sep + "null,";
        }
        if (shape == 1) {
            return "\"" + key + "\"" + sep + r.nextInt(1000) + ",";
        }
        if (shape == 2) {
            return "\"" + key + "\"" + sep + "{\"v\":" + jsonString(value(r), r, escapes) + "},";
        }
        if (shape == 3) {
            return ""; // absent
        }
        return "\"" + key + "\"" + sep + jsonString(value(r), r, escapes) + ",";
    }

    @Test
    void neverPassesOverALineWhoseRowMeetsTheFilter() throws Exception {
        LineMatcher prefilter = processFilter().matcher();
        Random r = new Random(20261128);
        int matching = 0;
        int passedOver = 0;
        for (int i = 0; i < 200_000; i++) {
            boolean escapes = r.nextInt(4) == 0;
            // values that name the keys, a nested object with the same keys, a repeated key (the last one counts)
            String line = "{\"Timestamp\":\"2026-11-20T10:00:00Z\"," + member("FileName", r, escapes)
                    + member("FolderPath", r, escapes)
                    + (r.nextInt(10) == 0 ? "\"AdditionalFields\":{" + member("ProcessCommandLine", r, escapes) + "\"z\":1}," : "")
                    + (r.nextInt(10) == 0 ? "\"Note\":\"\\\"ProcessCommandLine\\\":\\\"rclone copy\\\"\"," : "")
                    + member("ProcessCommandLine", r, escapes)
                    + (r.nextInt(10) == 0 ? member("FileName", r, escapes) : "")
                    + "\"ReportId\":1}";
            JsonNode row = JSON.readTree(line); // the values as our parser reads them: the text of the last member
            boolean meets = exact(text(row.get("FileName")), text(row.get("ProcessCommandLine")));
            byte[] b = ("xx\n" + line + "\nyy").getBytes(StandardCharsets.UTF_8);
            int off = 3;
            int len = line.getBytes(StandardCharsets.UTF_8).length;
            boolean over = prefilter.passesOver(b, off, len);
            if (meets) {
                matching++;
                assertThat(over).as("passed over a matching line: %s", line).isFalse();
            }
            if (over) {
                passedOver++;
            }
        }
        // both kinds are common, so the property is tested, and the prefilter does pass lines over
        assertThat(matching).isGreaterThan(10_000);
        assertThat(passedOver).isGreaterThan(10_000);
    }

    /**
     * Read from a block, a line's decision comes from the reader's text of the whole block and a
     * key search that goes on from the line before: the decisions must be those of each line alone.
     * Reads of random sizes put the block's boundaries anywhere.
     */
    @Test
    void decisionsInABlockOfLinesAreThoseOfEachLineAlone() throws Exception {
        Random r = new Random(7);
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            boolean escapes = r.nextInt(4) == 0;
            String line = "{" + member("ProcessCommandLine", r, escapes) + member("FileName", r, escapes)
                    + member("FolderPath", r, escapes) + (r.nextInt(5) == 0 ? member("FileName", r, escapes) : "")
                    + "\"ReportId\":" + i + "}";
            if (r.nextInt(20) == 0) {
                line = "{\"FileName\":\"" + value(r).replaceAll("[\r\n\"]", " ") + "}"; // damaged: the string does not close on this line
            }
            lines.add(line);
            block.append(line).append(r.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        byte[] bytes = block.toString().getBytes(StandardCharsets.UTF_8);
        java.io.InputStream unevenReads = new java.io.ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(3000)));
            }
        };
        LineReader reader = new LineReader(unevenReads, 1 << 20);
        LinePrefilter filter = processFilter();
        LineMatcher inBlock = filter.matcher();
        int n = 0;
        int passedOver = 0;
        while (reader.next()) {
            assertThat(reader.text()).isNotNull();
            boolean over = inBlock.passesOver(reader.lineBuffer(), reader.lineOffset(), reader.lineLength(), reader.text());
            String line = lines.get(n++);
            assertThat(over).as(line).isEqualTo(over(filter, line));
            passedOver += over ? 1 : 0;
        }
        assertThat(n).isEqualTo(lines.size());
        assertThat(passedOver).isBetween(1_000, lines.size() - 1_000);
    }

    /**
     * Once the first lines are counted, columns whose keys share a byte are searched together
     * (the VersionInfo names, by their V): the decisions in a block must still be those of each
     * line alone, and those of a matcher that searches each column by its own byte.
     */
    @Test
    void columnsSearchedTogetherDecideAsEachSearchedAlone() throws Exception {
        List<String> names = List.of("ProcessVersionInfoProductName", "ProcessVersionInfoCompanyName",
                "InitiatingProcessVersionInfoProductName", "ProcessVersionInfoOriginalFileName", "FileName",
                "ProcessCommandLine");
        List<LinePrefilter.Node> scans = new java.util.ArrayList<>();
        for (String name : names) {
            scans.add(LinePrefilter.anyOf(name, Set.of("rclone", "mega.nz", "dropbox.com")));
        }
        LinePrefilter filter = LinePrefilter.of(LinePrefilter.or(scans));
        Random r = new Random(11);
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            boolean escapes = r.nextInt(4) == 0;
            List<String> members = new java.util.ArrayList<>();
            for (String name : names) {
                members.add(member(name, r, escapes));
            }
            members.add(member(names.get(r.nextInt(names.size())), r, escapes)); // a repeated key
            if (r.nextInt(10) == 0) { // a key inside a value
                members.add("\"Note\":\"\\\"" + names.get(r.nextInt(names.size())) + "\\\":\\\"rclone\\\"\",");
            }
            java.util.Collections.shuffle(members, r);
            String line = "{" + String.join("", members) + "\"ReportId\":" + i + "}";
            lines.add(line);
            block.append(line).append('\n');
        }
        LineReader reader = new LineReader(new java.io.ByteArrayInputStream(block.toString().getBytes(StandardCharsets.UTF_8)), 1 << 20);
        LineMatcher shared = filter.matcher();
        LineMatcher alone = filter.matcher(false);
        int n = 0;
        int passedOver = 0;
        while (reader.next()) {
            boolean over = shared.passesOver(reader.lineBuffer(), reader.lineOffset(), reader.lineLength(), reader.text());
            String line = lines.get(n++);
            assertThat(over).as(line).isEqualTo(over(filter, line))
                    .isEqualTo(alone.passesOver(reader.lineBuffer(), reader.lineOffset(), reader.lineLength(), reader.text()));
            passedOver += over ? 1 : 0;
        }
        assertThat(n).isEqualTo(lines.size());
        assertThat(passedOver).isBetween(500, lines.size() - 500);
        assertThat(shared.searchBytes()).isLessThan(alone.searchBytes());
    }

    @Test
    void aComparisonPassesOverOnlyRowsWhoseValueIsNotAbove() {
        LineMatcher p = LinePrefilter.of(new LinePrefilter.Above("BytesSent", 10485760)).matcher();
        RowParser parser = new RowParser(List.of("Timestamp", "BytesSent"),
                List.of(new org.apache.flink.table.types.logical.LocalZonedTimestampType(7),
                        new org.apache.flink.table.types.logical.BigIntType()));
        String[] values = {"10485760", "10485761", "-5", "0", "99999999999999999999", "\"10485761\"", "\"10485760\"",
            "\"1e9\"", "1e9", "1.5E7", "null", "true", "\"\\u0031\\u0030\\u0030\\u0030\\u0030\\u0030\\u0030\\u0030\"",
            "{\"BytesSent\":20000000}", "[1]", "\"-20000000\"", "\"\"", "\"abc\"", "12345678901234567"};
        Random r = new Random(7);
        int checked = 0;
        for (String a : values) {
            for (String b : values) {
                String line = "{\"Timestamp\":\"2026-11-20T10:00:00Z\",\"BytesSent\"" + (r.nextBoolean() ? ":" : " : ") + a
                        + (r.nextBoolean() ? ",\"BytesSent\":" + b : ",\"Other\":" + b) + "}";
                RowParser.Result result = new RowParser.Result();
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                parser.parse(bytes, 0, bytes.length, result);
                if (result.row == null) {
                    continue; // not valid JSON: rejected by the parser whatever the prefilter says
                }
                Long v = result.row.isNullAt(1) ? null : result.row.getLong(1);
                boolean meets = v != null && v > 10485760;
                if (meets) {
                    assertThat(p.passesOver(bytes, 0, bytes.length)).as(line).isFalse();
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(200);
        assertThat(over(LinePrefilter.of(new LinePrefilter.Above("BytesSent", 10485760)),
                "{\"BytesSent\":10485760,\"x\":1}")).isTrue();
        assertThat(over(LinePrefilter.of(new LinePrefilter.Above("BytesSent", 10485760)), "{\"x\":1}")).isTrue();
    }

    @Test
    void lettersThatFoldToAsciiAndEscapesKeepALineFromBeingPassedOver() {
        LinePrefilter p = LinePrefilter.of(LinePrefilter.anyOf("CommandLine", Set.of("rclone copy", "aws s3 cp")));
        assertThat(over(p, "{\"CommandLine\":\"aws s3 cp x\"}")).isFalse(); // a needle
        assertThat(over(p, "{\"CommandLine\":\"AWS S3 Cp x\"}")).isFalse(); // in another case
        assertThat(over(p, "{\"CommandLine\":\"aws ſ3 cp\"}")).isFalse(); // ſ folds to s
        assertThat(over(p, "{\"CommandLine\":\"rclone \\u0063opy\"}")).isFalse(); // an escaped c
        assertThat(over(p, "{\"CommandLine\":\"rclone\\/copy\"}")).isFalse(); // an escaped slash: kept to be safe
        assertThat(over(p, "{\"CommandLine\":\"rclone \\u0043OPY\"}")).isFalse(); // an escaped C, upper case hex too
        assertThat(over(p, "{\"CommandLine\":\"aws \\u017f3 cp\"}")).isFalse(); // an escaped ſ
        assertThat(over(p, "{\"CommandLine\":\"aws \\u0130 \\u0131 \\u212A\"}")).isFalse();
        assertThat(over(p, "{\"CommandLine\":\"rclone \\u00\"}")).isFalse(); // a malformed escape: parsed, to be rejected
        assertThat(over(p, "{\"CommandLine\":\"rclone \\u00zz\"}")).isFalse();
        // escapes of characters no needle has: Microsoft\u00ae Windows\u00ae, é, Ж, a surrogate pair
        assertThat(over(p, "{\"CommandLine\":\"Microsoft\\u00ae Windows\\u00AE \\u00e9 \\u0416 \\ud83d\\ude00 rclone  copy\"}")).isTrue();
        assertThat(over(p, "{\"CommandLine\":\"x\\\\u0063\"}")).isTrue(); // an escaped backslash, then text u0063
        assertThat(over(p, "{\"CommandLine\":\"\u212A aws\"}")).isFalse(); // Kelvin sign folds to k
        assertThat(over(p, "{\"CommandLine\":\"İ ı\"}")).isFalse();
        assertThat(over(p, "{\"CommandLine\":\"rclone  copy\"}")).isTrue(); // nothing: passed over
        assertThat(over(p, "{\"CommandLine\":\"C:\\\\users\\\\x \\\"q\\\" \\t é Ж\"}")).isTrue(); // harmless escapes, other non-ASCII
        assertThat(over(p, "{\"CommandLine\":\"rclone copy\"")).isFalse(); // not one object: parsed, to be rejected
        assertThat(over(p, "[1,2]")).isFalse();
        assertThat(over(p, "{\"d\":\"rclone copy\"}")).isTrue(); // the needle, in another column
        assertThat(over(p, "{\"CommandLine\":\"x\",\"n\":{\"CommandLine\" : \"Rclone Copy\"}}")).isFalse(); // the key, nested
        assertThat(over(p, "{\"CommandLine\":{\"v\":\"x\"}}")).isFalse(); // an object's text: parsed
        assertThat(over(p, "{\"CommandLine\":null,\"d\":\"\\\"CommandLine\\\":\\\"rclone copy\\\"\"}")).isTrue(); // a key in a value
    }

    @Test
    void theScanFindsNeedlesAtEveryPositionAndBothEnds() {
        NeedleScan scan = NeedleScan.of(new LinkedHashSet<>(List.of(":s3", ":box", "mega:", "dropbox.com", "rclone copy")));
        for (String needle : List.of(":S3", ":bOx", "MEGA:", "DropBox.com", "rclone COPY")) {
            for (int pad = 0; pad < 20; pad++) {
                String line = "a".repeat(pad) + needle + "b".repeat(19 - pad);
                byte[] b = line.getBytes(StandardCharsets.US_ASCII);
                assertThat(scan.foundIn(b, 0, b.length)).as(line).isTrue();
                // the same bytes with the needle cut by the line's end are not found
                assertThat(scan.foundIn(b, 0, pad + needle.length() - 1)).as(line).isFalse();
                assertThat(scan.foundIn(b, pad + 1, b.length - pad - 1)).as(line).isFalse();
            }
        }
        byte[] near = "notdropbox.co :s mega dropbox,com rclone-copy".getBytes(StandardCharsets.US_ASCII);
        assertThat(scan.foundIn(near, 0, near.length)).isFalse();
    }

    @Test
    void needlesThatCannotBeScannedForMakeTheConditionAlways() {
        assertThat(LinePrefilter.anyOf("CommandLine", Set.of("ok needle", "-T"))).isNull(); // shorter than 3 bytes
        assertThat(LinePrefilter.anyOf("CommandLine", Set.of("ok needle", "é99"))).isNull(); // not ASCII
        assertThat(LinePrefilter.anyOf("CommandLine", Set.of("ok needle", "a\"b"))).isNull(); // a quote
        assertThat(LinePrefilter.anyOf("CommandLine", Set.of())).isInstanceOf(LinePrefilter.Never.class);
        assertThat(LinePrefilter.or(List.of(LinePrefilter.anyOf("CommandLine", Set.of("abc")), new LinePrefilter.Never())))
                .isInstanceOf(LinePrefilter.Scan.class);
        List<LinePrefilter.Node> withAlways = new java.util.ArrayList<>();
        withAlways.add(LinePrefilter.anyOf("CommandLine", Set.of("abc")));
        withAlways.add(null);
        assertThat(LinePrefilter.or(withAlways)).isNull();
        assertThat(LinePrefilter.and(withAlways)).isInstanceOf(LinePrefilter.Scan.class);
    }

    /** A column's value as RowParser gives it: a string's text, a number's or an object's JSON text, or null. */
    static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isTextual() ? n.asText() : n.toString();
    }

    static boolean over(LinePrefilter p, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return p.matcher().passesOver(b, 0, b.length);
    }
}
