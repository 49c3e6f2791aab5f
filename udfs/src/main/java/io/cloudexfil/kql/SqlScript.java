package io.cloudexfil.kql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at top-level semicolons, as the Flink SQL Client does for
 * {@code -i}/{@code -f} scripts: a semicolon inside a string literal, a back-quoted identifier,
 * a {@code --} line comment or a block comment does not end a statement. Comments are
 * kept in the statement text (Flink's parser accepts them); empty statements are dropped.
 */
public final class SqlScript {

    private SqlScript() {}

    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                int end = closing(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(script, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated block comment at offset " + i);
                }
                current.append(script, i, end + 2);
                i = end + 2;
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    /** Index just past the quote closing the one at {@code start}; doubled quotes are escapes. */
    private static int closing(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote at offset " + start);
    }

    private static void add(List<String> statements, StringBuilder sb) {
        String s = sb.toString().strip();
        if (!onlyComments(s)) {
            statements.add(s);
        }
    }

    private static boolean onlyComments(String s) {
        String rest = s;
        while (!rest.isEmpty()) {
            if (rest.startsWith("--")) {
                int nl = rest.indexOf('\n');
                rest = nl < 0 ? "" : rest.substring(nl + 1).strip();
            } else if (rest.startsWith("/*")) {
                int end = rest.indexOf("*/");
                rest = rest.substring(end + 2).strip();
            } else {
                return false;
            }
        }
        return true;
    }
}
