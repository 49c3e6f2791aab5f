package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.detection.SqlFiles;
import io.cloudexfil.hunt.source.DefenderTables;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the planner's errors for an ad-hoc query into what to write instead: a reserved word to
 * quote, the tables and functions there are ("did you mean"), KQL habits ({@code contains(...)},
 * pipes), a table that needs {@code --input}, and a failure's real cause.
 */
final class QueryErrors {

    private QueryErrors() {}

    private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found");
    private static final Pattern NO_FUNCTION = Pattern.compile("No match found for function signature (\\w+)\\(");
    private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"(\\w+)");
    /** A function name as sql/functions.sql registers it (the statement's words, not SQL run here). */
    private static final Pattern REGISTERED = Pattern.compile("(?i)\\bFUNCTION\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)");
    /** Column names of Defender's tables that Flink SQL reserves. */
    private static final List<String> RESERVED = List.of("Timestamp");

    /** The functions a query may call by name: the KQL operators and the detection's parameters. */
    static List<String> functions() {
        List<String> all = new ArrayList<>();
        Matcher m = REGISTERED.matcher(SqlFiles.read("sql/functions.sql"));
        while (m.find()) {
            all.add(m.group(1));
        }
        // the names without '_' exist for the planner's filter push-down, not for users
        List<String> names = new ArrayList<>(all.stream()
                .filter(n -> all.stream().noneMatch(o -> !o.equals(n) && o.replace("_", "").equals(n))).toList());
        names.addAll(List.of("detection_list", "detection_long", "in_hunt_window"));
        return names;
    }

    /**
     * A message for a failed statement, with its hint.
     *
     * @param tables the tables the query can read (none without --input)
     */
    static String message(String sql, Throwable e, boolean hasInput, Collection<String> tables) {
        String chain = chain(e);
        String plain = HuntCli.oneLine(e);
        if (looksLikeKql(sql)) {
            return "this is Flink SQL, not KQL: write SELECT * FROM DeviceProcessEvents WHERE has(FileName, 'rclone') "
                    + "instead of DeviceProcessEvents | where FileName has 'rclone' (functions: "
                    + String.join(", ", functions()) + ")";
        }
        Matcher enc = ENCOUNTERED.matcher(chain);
        if (chain.contains("SQL parse failed") && enc.find()) {
            String word = enc.group(1);
            for (String r : RESERVED) {
                if (r.equalsIgnoreCase(word) || unquoted(sql, r)) {
                    return r + " is a reserved word in Flink SQL: write `" + r + "` (" + plain + ")";
                }
            }
            if (word.equalsIgnoreCase("contains")) {
                return "contains(a, b) is not a Flink SQL function: KQL's contains is kql_contains(a, b), "
                        + "for example kql_contains(FileName, 'x') (" + plain + ")";
            }
        }
        Matcher nf = NOT_FOUND.matcher(chain);
        if (nf.find()) {
            String name = nf.group(1);
            if (!hasInput && DefenderTables.isRead(name)) {
                return name + " needs --input ROOT, the folder holding the telemetry (tables: "
                        + String.join(", ", DefenderTables.READ) + ")";
            }
            if (!hasInput) {
                return "no table '" + name + "': without --input there are no tables; with --input ROOT there are "
                        + String.join(", ", DefenderTables.READ);
            }
            return "no table '" + name + "'" + didYouMean(name, tables) + " (tables: " + String.join(", ", tables) + ")";
        }
        Matcher nfn = NO_FUNCTION.matcher(chain);
        if (nfn.find()) {
            String name = nfn.group(1);
            if (name.equalsIgnoreCase("contains")) {
                return "contains(a, b) is not a Flink SQL function: KQL's contains is kql_contains(a, b)";
            }
            return "no function " + name + didYouMean(name, functions()) + " (KQL functions: "
                    + String.join(", ", functions()) + "; and Flink's own: UPPER, REGEXP, ...)";
        }
        return null;
    }

    /** The deepest cause of a failure at run time, as "Type: message" (Flink wraps it many times). */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "" : ": " + t.getMessage();
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName() + (nl < 0 ? m : m.substring(0, nl));
    }

    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 20_000; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    private static boolean looksLikeKql(String sql) {
        String s = sql.strip();
        return Pattern.compile("^\\w+\\s*\\|\\s*(where|project|extend|summarize|take|limit|count|distinct|sort|top)\\b",
                Pattern.CASE_INSENSITIVE).matcher(s).find();
    }

    private static boolean unquoted(String sql, String word) {
        return Pattern.compile("(?<![`'\\w])" + word + "(?![`'\\w])").matcher(sql).find();
    }

    private static String didYouMean(String name, Collection<String> known) {
        return known.stream()
                .min(Comparator.comparingInt(k -> distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT))))
                .filter(k -> distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT)) <= Math.max(2, name.length() / 4))
                .map(k -> ": did you mean " + k + "?")
                .orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
