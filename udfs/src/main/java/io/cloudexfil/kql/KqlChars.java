package io.cloudexfil.kql;

/**
 * Character rules shared by every KQL string operator (udfs/SEMANTICS.md §1, §2).
 *
 * <ul>
 *   <li>A <em>term character</em> is a code point for which {@link Character#isLetterOrDigit(int)}
 *       holds (Unicode L* or Nd). {@code _} and all punctuation are separators.
 *   <li>Case-insensitive equality is per code point, simple 1:1 mapping, no normalisation:
 *       {@code a} equals {@code b} iff {@code fold(a) == fold(b)} with
 *       {@code fold(c) = toLowerCase(toUpperCase(c))}. This is exactly the rule
 *       {@code a == b || up(a) == up(b) || low(up(a)) == low(up(b))} of the spec, written as
 *       one canonical form: the first two disjuncts imply the third.
 * </ul>
 *
 * <p>Two facts make an ASCII fast path provably equivalent (checked over all code points by
 * {@code KqlCharsTest}): {@code fold} never changes the UTF-16 length of a code point, and exactly
 * four non-ASCII code points fold to ASCII: U+0130 and U+0131 to {@code i}, U+017F to {@code s},
 * U+212A to {@code k}.
 */
public final class KqlChars {

    /** Symbol used by filters for every char whose fold is not ASCII. */
    static final int OTHER = 127;

    private static final byte[] FOLD_ASCII = new byte[128];
    private static final boolean[] TERM_ASCII = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            FOLD_ASCII[c] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            TERM_ASCII[c] = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }
    }

    private KqlChars() {}

    /** The canonical case fold of a code point. */
    public static int fold(int cp) {
        if (cp < 128) {
            return FOLD_ASCII[cp];
        }
        return Character.toLowerCase(Character.toUpperCase(cp));
    }

    /** Whether a code point is a term character (Unicode letter or decimal digit). */
    public static boolean isTerm(int cp) {
        return cp < 128 ? TERM_ASCII[cp] : Character.isLetterOrDigit(cp);
    }

    /** Folds every code point of {@code s}; the result has the same UTF-16 length. */
    public static String foldString(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int f = fold(cp);
            if (f != cp && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.appendCodePoint(f);
            }
            i += Character.charCount(cp);
        }
        return out == null ? s : out.toString();
    }

    /**
     * The filter symbol of one UTF-16 unit: its fold when that is ASCII, {@link #OTHER} otherwise.
     * Conservative by construction: two code points that fold equal always get equal symbols.
     */
    static int symbol(char c, boolean caseSensitive) {
        if (c < 128) {
            return caseSensitive ? c : FOLD_ASCII[c];
        }
        if (!caseSensitive) {
            switch (c) {
                case '\u0130':
                case '\u0131':
                    return 'i';
                case '\u017F':
                    return 's';
                case '\u212A':
                    return 'k';
                default:
                    return OTHER;
            }
        }
        return OTHER;
    }

    /** Term test for the code point that ends just before UTF-16 index {@code i} ({@code i > 0}). */
    static boolean isTermBefore(String s, int i) {
        char c = s.charAt(i - 1);
        if (c < 128) {
            return TERM_ASCII[c];
        }
        return isTerm(Character.codePointBefore(s, i));
    }

    /** Term test for the code point that starts at UTF-16 index {@code i} ({@code i < length}). */
    static boolean isTermAt(String s, int i) {
        char c = s.charAt(i);
        if (c < 128) {
            return TERM_ASCII[c];
        }
        return isTerm(Character.codePointAt(s, i));
    }

    /** Whether index {@code i} falls between the two halves of a surrogate pair. */
    static boolean splitsPair(String s, int i) {
        return i > 0
                && i < s.length()
                && Character.isLowSurrogate(s.charAt(i))
                && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Compares {@code s[from, from + needle.length())} with an already folded needle (or the raw
     * needle when case-sensitive). Positions must be code point boundaries; the caller checks that.
     */
    static boolean regionEquals(String s, int from, String foldedNeedle, boolean caseSensitive) {
        int n = foldedNeedle.length();
        for (int k = 0; k < n; ) {
            char t = s.charAt(from + k);
            char f = foldedNeedle.charAt(k);
            if (t < 128 && f < 128) {
                if ((caseSensitive ? t : FOLD_ASCII[t]) != f) {
                    return false;
                }
                k++;
                continue;
            }
            int tcp = Character.codePointAt(s, from + k);
            int fcp = Character.codePointAt(foldedNeedle, k);
            if ((caseSensitive ? tcp : fold(tcp)) != fcp) {
                return false;
            }
            int w = Character.charCount(fcp);
            if (Character.charCount(tcp) != w) {
                return false;
            }
            k += w;
        }
        return true;
    }

    /** Case-insensitive equality of two non-null strings (KQL {@code =~}). */
    static boolean equalsIgnoreCase(String a, String b) {
        return a.length() == b.length() && regionEqualsBothFolded(a, b);
    }

    private static boolean regionEqualsBothFolded(String a, String b) {
        int n = a.length();
        for (int k = 0; k < n; ) {
            char x = a.charAt(k);
            char y = b.charAt(k);
            if (x < 128 && y < 128) {
                if (FOLD_ASCII[x] != FOLD_ASCII[y]) {
                    return false;
                }
                k++;
                continue;
            }
            int xcp = Character.codePointAt(a, k);
            int ycp = Character.codePointAt(b, k);
            if (fold(xcp) != fold(ycp)) {
                return false;
            }
            int w = Character.charCount(xcp);
            if (Character.charCount(ycp) != w) {
                return false;
            }
            k += w;
        }
        return true;
    }

    /** Hash of the folded form of {@code s}, computed without building it. */
    static int foldedHash(String s) {
        int h = 0;
        int n = s.length();
        for (int k = 0; k < n; ) {
            char c = s.charAt(k);
            if (c < 128) {
                h = 31 * h + FOLD_ASCII[c];
                k++;
                continue;
            }
            int cp = Character.codePointAt(s, k);
            h = 31 * h + fold(cp);
            k += Character.charCount(cp);
        }
        return h;
    }
}
