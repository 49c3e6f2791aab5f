package io.cloudexfil.kql;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random texts and needle sets over an alphabet of traps (separators, '_', the four non-ASCII
 * chars that fold to ASCII, Cyrillic, a digit from another script, surrogate pairs) checked
 * against the spec's pseudo-code, written out literally below (udfs/SEMANTICS.md §3).
 */
class TermMatcherDifferentialTest {

    private static final String[] ALPHABET = {
        "a", "A", "b", "k", "K", "s", "S", "i", "I", "1", "3", " ", "-", ".", ":", "_", "/", "@",
        "\u0130", "\u0131", "\u017F", "\u212A", "\u0436", "\u0416", "\u0663", "\u00A0",
        "\uD801\uDC00", "\uD801\uDC28", "\uD83D\uDE00", "\u00DF", "\u1E9E"
    };

    // ---- the spec's pseudo-code, code-point indexed, no shortcuts ----
    static boolean specMatch(String text, String needle, boolean cs, boolean checkStart, boolean checkEnd) {
        int[] l = (text == null ? "" : text).codePoints().toArray();
        int[] n = needle.codePoints().toArray();
        if (n.length == 0) {
            return true;
        }
        for (int i = 0; i + n.length <= l.length; i++) {
            boolean eq = true;
            for (int k = 0; k < n.length && eq; k++) {
                eq = cs ? l[i + k] == n[k] : specEq(l[i + k], n[k]);
            }
            if (!eq) {
                continue;
            }
            if (checkStart && Character.isLetterOrDigit(n[0]) && i > 0 && Character.isLetterOrDigit(l[i - 1])) {
                continue;
            }
            int j = i + n.length;
            if (checkEnd && Character.isLetterOrDigit(n[n.length - 1]) && j < l.length
                    && Character.isLetterOrDigit(l[j])) {
                continue;
            }
            return true;
        }
        return false;
    }

    static boolean specEq(int a, int b) {
        int ua = Character.toUpperCase(a);
        int ub = Character.toUpperCase(b);
        return a == b || ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
    }

    private static String randomString(Random r, int maxLen) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(maxLen + 1);
        for (int i = 0; i < len; i++) {
            sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    @Test
    void matcherAgreesWithSpecPseudoCodeOnRandomInputs() {
        Random r = new Random(20261128L);
        int checked = 0;
        for (int round = 0; round < 40_000; round++) {
            int count = 1 + r.nextInt(4);
            List<String> needles = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                needles.add(randomString(r, 4));
            }
            String text = r.nextInt(20) == 0 ? null : randomString(r, 14);
            for (TermMatcher.Mode mode : TermMatcher.Mode.values()) {
                for (boolean cs : new boolean[] {false, true}) {
                    boolean expected = false;
                    for (String n : needles) {
                        expected |= specMatch(text, n, cs, mode.checkStart, mode.checkEnd);
                    }
                    boolean actual = TermMatcher.of(needles, mode, cs).matchesAny(text);
                    assertThat(actual).as("%s cs=%s text=%s needles=%s", mode, cs, escape(text), needles)
                            .isEqualTo(expected);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(40_000 * 8);
    }

    @Test
    void longNeedleSetsUseTheShiftTableCorrectly() {
        Random r = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            List<String> needles = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String n = randomString(r, 9);
                needles.add(n.isEmpty() ? "x" : n);
            }
            String text = randomString(r, 60);
            boolean expected = needles.stream().anyMatch(n -> specMatch(text, n, false, true, true));
            assertThat(TermMatcher.of(needles, TermMatcher.Mode.TERM, false).matchesAny(text))
                    .as("text=%s needles=%s", escape(text), needles).isEqualTo(expected);
        }
    }

    @Test
    void equalsAndInAgreeWithSpecEquality() {
        Random r = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            String a = randomString(r, 3);
            String b = r.nextBoolean() ? a.toUpperCase() : randomString(r, 3);
            int[] x = a.codePoints().toArray();
            int[] y = b.codePoints().toArray();
            boolean expected = x.length == y.length;
            for (int k = 0; expected && k < x.length; k++) {
                expected = specEq(x[k], y[k]);
            }
            assertThat(new EqualsCi().eval(a, b)).as("%s =~ %s", escape(a), escape(b)).isEqualTo(expected);
            assertThat(new InCi().eval(a, "zz", b)).as("%s in~ %s", escape(a), escape(b)).isEqualTo(expected);
        }
    }

    private static String escape(String s) {
        if (s == null) {
            return "NULL";
        }
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp >= 32 && cp < 127) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format("\\u{%X}", cp));
            }
        });
        return sb.append('"').toString();
    }
}
