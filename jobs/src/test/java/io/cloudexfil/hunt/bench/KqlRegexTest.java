package io.cloudexfil.hunt.bench;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.kql.HasAny;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's regex form of {@code has}: exact pattern text for the shapes of the detection's
 * needles, and agreement with the product's {@code has_any} on the spec's edge cases and on random
 * texts built around the needles ({@code java.util.regex} reads these patterns as RE2 does).
 */
class KqlRegexTest {

    @Test
    void boundariesOnlyWhereTheNeedleEdgeIsATermCharacter() {
        assertThat(KqlRegex.has("rclone copy")).isEqualTo(
                "(?:^|[^\\p{L}\\p{Nd}])[Rr][Cc][Ll][Oo][Nn][Ee] [Cc][Oo][Pp][Yy](?:[^\\p{L}\\p{Nd}]|$)");
        assertThat(KqlRegex.has("-T ")).isEqualTo("\\-[Tt] ");
        assertThat(KqlRegex.has(":s3")).isEqualTo("\\:[Ssſ]3(?:[^\\p{L}\\p{Nd}]|$)");
        assertThat(KqlRegex.has("mega:")).isEqualTo("(?:^|[^\\p{L}\\p{Nd}])[Mm][Ee][Gg][Aa]\\:");
        assertThat(KqlRegex.has("-d @")).isEqualTo("\\-[Dd] \\@");
        assertThat(KqlRegex.has("api.box.com")).startsWith("(?:^|").contains("\\.").endsWith("|$)");
    }

    @Test
    void caseClassesFollowThePerCodePointRuleNotAnEnginesFlag() {
        assertThat(KqlRegex.caseClass('i')).containsExactly('I', 'i', 0x130, 0x131);
        assertThat(KqlRegex.caseClass('s')).containsExactly('S', 's', 0x17F);
        assertThat(KqlRegex.caseClass('k')).containsExactly('K', 'k', 0x212A);
        assertThat(KqlRegex.caseClass('.')).containsExactly('.');
        assertThat(KqlRegex.caseClass('ж')).containsExactly('Ж', 'ж');
        assertThat(KqlRegex.fold("POWERſHELL.EXE")).isEqualTo("powershell.exe");
        assertThat(KqlRegex.fold("CURL.EXE")).isEqualTo("curl.exe");
        assertThat(KqlRegex.fold("İ")).isEqualTo("i");
        assertThat(KqlRegex.fold("ｒｃｌｏｎｅ")).isEqualTo("ｒｃｌｏｎｅ");
    }

    @Test
    void candidatesAreTheNeedlesWithoutBoundaries() {
        assertThat(KqlRegex.hasAnyCandidates(List.of("rclone copy", ":s3", "-T ")))
                .isEqualTo("[Rr][Cc][Ll][Oo][Nn][Ee] [Cc][Oo][Pp][Yy]|\\:[Ssſ]3|\\-[Tt] ");
        assertThat(KqlRegex.hasAnyCandidates(List.of())).isEqualTo(KqlRegex.NOTHING);
        assertThat(KqlRegex.hasAnyCandidates(List.of("a", ""))).isEmpty();
    }

    @Test
    void emptyNeedlesAndEmptyLists() {
        assertThat(KqlRegex.has("")).isEmpty();
        assertThat(KqlRegex.hasAny(List.of("x", ""))).isEmpty();
        Pattern nothing = Pattern.compile(KqlRegex.hasAny(List.of()));
        assertThat(nothing.matcher("").find()).isFalse();
        assertThat(nothing.matcher("anything").find()).isFalse();
    }

    /** The spec's edge cases (udfs/SEMANTICS.md §3 and §13) and the generator's neighbours. */
    @Test
    void agreesWithTheSpecsEdgeCases() {
        String[][] cases = {
            // text, needle, expected
            {"helloworld", "hello", "false"}, {"alpha_beta", "alpha", "true"}, {"ПриветМир", "привет", "false"},
            {"Привет Мир", "привет", "true"}, {"CAFÉ RÉSUMÉ", "café", "true"}, {"a\tb", " ", "false"},
            {"a b", " ", "true"}, {"v1.2.3", "1", "false"}, {"co-op", "co", "true"}, {"Disk / Snapshot", "/", "true"},
            {"/subscriptions/s1/providers", "/providers/", "false"},
            {"x/resourcegroups/test.rg000001?api-version=1", "/resourcegroups/test.rg000001?", "true"},
            {"rclone.exe copy C:\\data remote:bucket", "rclone copy", "false"}, {"myrclone.exe", "rclone.exe", "false"},
            {"https://content.dropboxapi.com/2/files/upload", "content.dropboxapi.com", "true"},
            {"curl -t f", "-T ", "true"}, {"curl https://x -T", "-T ", "false"},
            {"…content.dropboxapi.com/…", "dropbox.com", "false"}, {"notdropbox.com", "dropbox.com", "false"},
            {"https://dropbox.com.evil.example/x", "dropbox.com", "true"}, {"remote:dropboxbackup", ":dropbox", "false"},
            {"dropbox:backup", ":dropbox", "false"}, {"omega:x", "mega:", "false"}, {"rclone_x64.exe", "rclone", "true"},
            {"rcloneж copy", "rclone", "false"}, {"ｒｃｌｏｎｅ copy", "rclone copy", "false"}, {"gsutİl cp x", "gsutil cp", "true"},
            {"aws ſ3 cp x", "aws s3 cp", "true"}, {"gsutıl rsync", "gsutil rsync", "true"}, {"rclone² copy", "rclone", "true"},
            {"rclone copy\nC:\\x", "rclone copy", "true"}, {"start && rclone mount", "rclone mount", "true"},
            {"remote:s3bucket", ":s3", "false"}, {":s3,provider=AWS", ":s3", "true"}, {"rclone\u00a0copy", "rclone copy", "false"},
            {"x", "", "true"}, {"", "", "true"}, {"MEGAcmdServer.exe", "megacmd", "false"}, {"STRASSE", "straße", "false"},
        };
        for (String[] c : cases) {
            boolean expected = Boolean.parseBoolean(c[2]);
            assertThat(Pattern.compile(KqlRegex.has(c[1])).matcher(c[0]).find())
                    .as("%s has %s", c[0], c[1]).isEqualTo(expected);
            assertThat(new HasAny().eval(c[0], c[1])).as("product: %s has %s", c[0], c[1]).isEqualTo(expected);
        }
    }

    /** Random texts made of needle fragments, neighbours and separators, per detection list. */
    @Test
    void agreesWithTheProductsHasAnyOnRandomTexts() {
        Map<String, List<String>> lists = Detection.load(Detection.DEFAULT).lists();
        String[] neighbours = {"a", "Z", "0", "9", "_", "-", ".", ":", "/", " ", "\t", "\n", "\u00a0", "ж", "Ж", "İ", "ı",
            "ſ", "K", "ｒ", "é", "²", "😀", "@", "\"", "\\", "'"};
        SplittableRandom r = new SplittableRandom(20261120);
        HasAny product = new HasAny();
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
            String[] needles = e.getValue().toArray(new String[0]);
            Pattern p = Pattern.compile(KqlRegex.hasAny(e.getValue()));
            Pattern candidates = Pattern.compile(KqlRegex.hasAnyCandidates(e.getValue()));
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                StringBuilder t = new StringBuilder();
                int parts = 1 + r.nextInt(5);
                for (int k = 0; k < parts; k++) {
                    if (r.nextInt(3) == 0) {
                        t.append(neighbours[r.nextInt(neighbours.length)]);
                    }
                    String n = needles[r.nextInt(needles.length)];
                    if (r.nextInt(4) == 0) {
                        n = KqlRegexTest.respell(n, r);
                    }
                    if (r.nextInt(5) == 0 && n.length() > 2) {
                        n = n.substring(r.nextInt(2), n.length() - r.nextInt(2));
                    }
                    t.append(n);
                    if (r.nextInt(3) == 0) {
                        t.append(neighbours[r.nextInt(neighbours.length)]);
                    }
                }
                texts.add(t.toString());
            }
            int matched = 0;
            for (String t : texts) {
                boolean expected = product.eval(t, needles);
                assertThat(p.matcher(t).find()).as("%s: %s", e.getKey(), t).isEqualTo(expected);
                if (expected) {
                    assertThat(candidates.matcher(t).find()).as("candidates %s: %s", e.getKey(), t).isTrue();
                }
                matched += expected ? 1 : 0;
            }
            assertThat(matched).as(e.getKey()).isBetween(400, 3900); // both outcomes well exercised
        }
    }

    /** Upper-cases some letters and swaps some for their non-ASCII case relatives. */
    static String respell(String n, SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        n.codePoints().forEach(cp -> {
            int x = cp;
            switch (r.nextInt(4)) {
                case 0:
                    x = Character.toUpperCase(cp);
                    break;
                case 1:
                    if (cp == 'i') {
                        x = r.nextBoolean() ? 0x130 : 0x131;
                    } else if (cp == 's') {
                        x = 0x17F;
                    } else if (cp == 'k') {
                        x = 0x212A;
                    }
                    break;
                default:
            }
            b.appendCodePoint(x);
        });
        return b.toString();
    }
}
