package io.cloudexfil.hunt.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Edge-case texts for checking a {@code has_any} / {@code in~} implementation against the product:
 * the spec's examples (udfs/SEMANTICS.md §3, §13), every listed value as is, upper-cased, respelled
 * with {@code İ ı ſ K}, truncated, and framed by term characters (letters, digits, Cyrillic,
 * full-width, accented) and separators (space, tab, line break, no-break space, {@code _ . : / @}),
 * plus seeded random mixtures of them.
 */
final class SelfCheckCorpus {

    private static final String[] NEIGHBOURS = {"", "a", "Z", "0", "9", "_", "-", ".", ":", "/", " ", "\t", "\n", "\r\n",
        "\u00a0", "ж", "Ж", "İ", "ı", "ſ", "K", "ｒ", "é", "²", "😀", "@", "\"", "\\", "'", "my", "2"};
    private static final String[] SPEC = {
        "helloworld", "alpha_beta", "ПриветМир", "Привет Мир", "CAFÉ RÉSUMÉ", "a\tb", "a b", "v1.2.3", "co-op",
        "rclone.exe copy C:\\data remote:bucket", "myrclone.exe", "https://content.dropboxapi.com/2/files/upload",
        "curl -t f", "curl https://x -T", "…content.dropboxapi.com/…", "notdropbox.com", "remote:dropboxbackup",
        "dropbox:backup", "omega:x", "rclone_x64.exe", "https://dropbox.com.evil.example/x", "rcloneж copy",
        "ｒｃｌｏｎｅ copy", "gsutİl cp x", "aws ſ3 cp x", "gsutıl rsync", "rclone² copy", "rclone copy\nC:\\x",
        "start && rclone mount", "remote:s3bucket", ":s3,provider=AWS:bucket", "rclone\u00a0copy", "", "powerſhell.exe",
        "POWERSHELL.EXE", "python3.11", "MEGAcmdServer.exe", "graph.microsoft.community", "s3.us-west-2.amazonaws.com",
    };

    private SelfCheckCorpus() {}

    static List<String> texts(Map<String, List<String>> lists) {
        Set<String> out = new LinkedHashSet<>(List.of(SPEC));
        List<String> values = new ArrayList<>();
        lists.values().forEach(values::addAll);
        for (String v : values) {
            for (String variant : List.of(v, v.toUpperCase(java.util.Locale.ROOT), respell(v, 0), respell(v, 1),
                    v.length() > 2 ? v.substring(1) : v, v.length() > 2 ? v.substring(0, v.length() - 1) : v)) {
                for (String before : NEIGHBOURS) {
                    out.add(before + variant);
                    out.add(variant + before);
                    out.add(before + variant + before);
                }
            }
        }
        SplittableRandom r = new SplittableRandom(20261120);
        for (int i = 0; i < 5000; i++) {
            StringBuilder t = new StringBuilder();
            int parts = 1 + r.nextInt(4);
            for (int k = 0; k < parts; k++) {
                t.append(NEIGHBOURS[r.nextInt(NEIGHBOURS.length)]);
                String v = values.get(r.nextInt(values.size()));
                t.append(r.nextInt(3) == 0 ? respell(v, r.nextInt(2)) : v);
                t.append(NEIGHBOURS[r.nextInt(NEIGHBOURS.length)]);
            }
            out.add(t.toString());
        }
        return new ArrayList<>(out);
    }

    /** Swaps i, s, k for non-ASCII code points that fold to them ({@code İ}/{@code ı}, {@code ſ}, {@code K}). */
    private static String respell(String v, int variant) {
        StringBuilder b = new StringBuilder();
        v.codePoints().forEach(cp -> {
            switch (cp) {
                case 'i':
                    b.appendCodePoint(variant == 0 ? 0x130 : 0x131);
                    break;
                case 's':
                    b.appendCodePoint(0x17F);
                    break;
                case 'k':
                    b.appendCodePoint(0x212A);
                    break;
                default:
                    b.appendCodePoint(variant == 0 ? cp : Character.toUpperCase(cp));
            }
        });
        return b.toString();
    }
}
