package io.cloudexfil.kql;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The two Unicode facts the ASCII fast path relies on, checked over every code point. */
class KqlCharsTest {

    @Test
    void foldNeverChangesUtf16Length() {
        List<String> changed = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.charCount(KqlChars.fold(cp)) != Character.charCount(cp)) {
                changed.add(Integer.toHexString(cp));
            }
        }
        assertThat(changed).isEmpty();
    }

    @Test
    void onlyFourNonAsciiCodePointsFoldToAscii() {
        List<Integer> toAscii = new ArrayList<>();
        for (int cp = 128; cp <= Character.MAX_CODE_POINT; cp++) {
            if (KqlChars.fold(cp) < 128) {
                toAscii.add(cp);
            }
        }
        assertThat(toAscii).containsExactly(0x130, 0x131, 0x17F, 0x212A);
    }

    @Test
    void filterSymbolsAgreeWheneverFoldsAgree() {
        // For every BMP char, symbol(c) must equal the symbol of its fold: the filter is conservative.
        for (int c = 0; c <= 0xFFFF; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            int folded = KqlChars.fold(c);
            assertThat(KqlChars.symbol((char) c, false))
                    .as("U+%04X", c)
                    .isEqualTo(KqlChars.symbol((char) folded, true));
        }
    }

    @Test
    void foldIsTheSpecsPairwiseRule() {
        // udfs/SEMANTICS.md §3: eq(a, b) := a == b || up(a) == up(b) || low(up(a)) == low(up(b))
        int[] sample = {'a', 'A', 'k', 'K', 0x212A, 's', 0x17F, 'i', 'I', 0x130, 0x131, 0xDF, 0x1E9E,
                0x3A3, 0x3C2, 0x3C3, 0x1C5, 0x1C4, 0x1C6, 0x10400, 0x10428};
        for (int a : sample) {
            for (int b : sample) {
                boolean spec = a == b
                        || Character.toUpperCase(a) == Character.toUpperCase(b)
                        || Character.toLowerCase(Character.toUpperCase(a))
                                == Character.toLowerCase(Character.toUpperCase(b));
                assertThat(KqlChars.fold(a) == KqlChars.fold(b)).as("%x vs %x", a, b).isEqualTo(spec);
            }
        }
    }

    @Test
    void termCharactersAreUnicodeLettersAndDigits() {
        assertThat(KqlChars.isTerm('_')).isFalse();
        assertThat(KqlChars.isTerm('a')).isTrue();
        assertThat(KqlChars.isTerm('7')).isTrue();
        assertThat(KqlChars.isTerm('Ж')).isTrue();
        assertThat(KqlChars.isTerm(0x0663)).isTrue(); // ARABIC-INDIC DIGIT THREE (Nd)
        assertThat(KqlChars.isTerm('-')).isFalse();
        assertThat(KqlChars.isTerm(' ')).isFalse();
    }
}
