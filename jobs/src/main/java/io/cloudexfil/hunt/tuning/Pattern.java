package io.cloudexfil.hunt.tuning;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.PatternSyntaxException;

/**
 * A value an allowlist entry matches, case-insensitively: a glob ({@code *} any characters,
 * {@code ?} one; every other character, backslashes included, stands for itself) or, written
 * {@code re:...}, a Java regular expression that must match the whole value.
 */
public final class Pattern implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String text;
    private final java.util.regex.Pattern compiled;

    private Pattern(String text, java.util.regex.Pattern compiled) {
        this.text = text;
        this.compiled = compiled;
    }

    /** @throws IllegalArgumentException if the regular expression does not compile */
    public static Pattern of(String text) {
        if (text.startsWith("re:")) {
            try {
                return new Pattern(text, java.util.regex.Pattern.compile(text.substring(3),
                        java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("pattern '" + text + "' does not compile: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(java.util.regex.Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(java.util.regex.Pattern.quote(literal.toString()));
        }
        return new Pattern(text, java.util.regex.Pattern.compile(re.toString(),
                java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE | java.util.regex.Pattern.DOTALL));
    }

    public boolean matches(String value) {
        return value != null && compiled.matcher(value).matches();
    }

    @Override
    public String toString() {
        return text;
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
