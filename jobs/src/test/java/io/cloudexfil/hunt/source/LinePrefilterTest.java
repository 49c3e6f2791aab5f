package io.cloudexfil.hunt.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudexfil.hunt.detection.Detection;
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
class LinePrefilterTest {

    static final Map<String, List<String>> LISTS = Detection.load(Detection.DEFAULT).lists();
    static final ObjectMapper JSON = new ObjectMapper();

    static Set<String> list(String name) {
        return new LinkedHashSet<>(LISTS.get(name));
    }

    /** or(sig2, sig3) over the line, as PrefilterCompiler builds it from the pushed filters. */
    static LinePrefilter processFilter() {
        LinePrefilter.Node sig2 = LinePrefilter.or(List.of(
                LinePrefilter.anyOf(list("CloudSyncBinaries")), LinePrefilter.anyOf(list("SyncToolCommands"))));
        LinePrefilter.Node sig3 = LinePrefilter.and(List.of(LinePrefilter.anyOf(list("ApiUploadBinaries")),
                LinePrefilter.anyOf(list("CloudStorageDomains")), LinePrefilter.anyOf(list("UploadIndicators"))));
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
                sb.append(c == '/' && r.nextBoolean() ? "\\/" : String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Test
    void neverPassesOverALineWhoseRowMeetsTheFilter() throws Exception {
        LinePrefilter prefilter = processFilter();
        Random r = new Random(20261128);
        int matching = 0;
        int passedOver = 0;
        for (int i = 0; i < 200_000; i++) {
            boolean escapes = r.nextInt(4) == 0;
            String line = "{\"Timestamp\":\"2026-11-20T10:00:00Z\",\"FileName\":" + jsonString(value(r), r, escapes)
                    + ",\"FolderPath\":" + jsonString(value(r), r, escapes)
                    + ",\"ProcessCommandLine\":" + jsonString(value(r), r, escapes) + "}";
            JsonNode row = JSON.readTree(line); // the values as any parser reads them
            boolean meets = exact(row.get("FileName").asText(), row.get("ProcessCommandLine").asText());
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

    @Test
    void lettersThatFoldToAsciiAndEscapesKeepALineFromBeingPassedOver() {
        LinePrefilter p = LinePrefilter.of(LinePrefilter.anyOf(Set.of("rclone copy", "aws s3 cp")));
        assertThat(over(p, "{\"c\":\"aws s3 cp x\"}")).isFalse(); // a needle
        assertThat(over(p, "{\"c\":\"AWS S3 Cp x\"}")).isFalse(); // in another case
        assertThat(over(p, "{\"c\":\"aws ſ3 cp\"}")).isFalse(); // ſ folds to s
        assertThat(over(p, "{\"c\":\"rclone \\u0063opy\"}")).isFalse(); // an escaped c
        assertThat(over(p, "{\"c\":\"rclone\\/copy\"}")).isFalse(); // an escaped slash: kept to be safe
        assertThat(over(p, "{\"c\":\"\u212A aws\"}")).isFalse(); // Kelvin sign folds to k
        assertThat(over(p, "{\"c\":\"İ ı\"}")).isFalse();
        assertThat(over(p, "{\"c\":\"rclone  copy\"}")).isTrue(); // nothing: passed over
        assertThat(over(p, "{\"c\":\"C:\\\\users\\\\x \\\"q\\\" \\t é Ж\"}")).isTrue(); // harmless escapes, other non-ASCII
        assertThat(over(p, "{\"c\":\"rclone copy\"")).isFalse(); // not one object: parsed, to be rejected
        assertThat(over(p, "[1,2]")).isFalse();
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
        assertThat(LinePrefilter.anyOf(Set.of("ok needle", "-T"))).isNull(); // shorter than 3 bytes
        assertThat(LinePrefilter.anyOf(Set.of("ok needle", "é99"))).isNull(); // not ASCII
        assertThat(LinePrefilter.anyOf(Set.of("ok needle", "a\"b"))).isNull(); // a quote
        assertThat(LinePrefilter.anyOf(Set.of())).isInstanceOf(LinePrefilter.Never.class);
        assertThat(LinePrefilter.or(List.of(LinePrefilter.anyOf(Set.of("abc")), new LinePrefilter.Never())))
                .isInstanceOf(LinePrefilter.Scan.class);
        List<LinePrefilter.Node> withAlways = new java.util.ArrayList<>();
        withAlways.add(LinePrefilter.anyOf(Set.of("abc")));
        withAlways.add(null);
        assertThat(LinePrefilter.or(withAlways)).isNull();
        assertThat(LinePrefilter.and(withAlways)).isInstanceOf(LinePrefilter.Scan.class);
    }

    static boolean over(LinePrefilter p, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return p.passesOver(b, 0, b.length);
    }
}
