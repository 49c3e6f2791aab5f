package io.cloudexfil.hunt.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CLI converters for instants ({@code 2026-11-20T10:00:00Z}, offsets, plain dates) and durations. */
final class TimeArguments {

    private TimeArguments() {}

    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return parseInstant(value);
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    static Instant parseInstant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new CommandLine.TypeConversionException("'" + s
                        + "' is not an ISO-8601 time such as 2026-11-20T00:00:00Z or 2026-11-20");
            }
        }
    }

    /** A duration as the options take it. */
    static String format(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            // the largest unit it is a whole number of (90s stays 90s), but one day is 24h, as the default reads
            if (ms >= units[i] && ms % units[i] == 0 && !(i == 0 && ms == units[0])) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** KQL-style {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, or ISO-8601 {@code PT24H}. */
    static Duration parseDuration(String s) {
        Matcher m = SHORT.matcher(s.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                default: return Duration.ofDays(n);
            }
        }
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a duration such as 24h, 30m, 7d or PT24H");
        }
    }
}
