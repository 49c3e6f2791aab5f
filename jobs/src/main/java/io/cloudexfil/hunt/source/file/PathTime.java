package io.cloudexfil.hunt.source.file;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The time span a partition path names: {@code y=2026/m=11/d=20/h=13/m=00} is 13:00–14:00 on that
 * day, {@code y=2026/m=11} the whole month. Exports file records by publish or ingestion time,
 * which trails the event time, so a path can hold events from before its span, never after it.
 */
final class PathTime {

    /** A span under construction while descending: null fields are not fixed yet. */
    record Span(Integer year, Integer month, Integer day, Integer hour) {

        static final Span ROOT = new Span(null, null, null, null);

        /** The span after descending into a folder named {@code name}; this span if it names no time. */
        Span enter(String name) {
            int eq = name.indexOf('=');
            if (eq <= 0) {
                return this;
            }
            String key = name.substring(0, eq);
            int value;
            try {
                value = Integer.parseInt(name.substring(eq + 1));
            } catch (NumberFormatException e) {
                return this;
            }
            switch (key) {
                case "y":
                    return new Span(value, null, null, null);
                case "m":
                    // m= is the month after y=, the minute after h=
                    return year != null && month == null && value >= 1 && value <= 12
                            ? new Span(year, value, null, null) : this;
                case "d":
                    return month != null && day == null && value >= 1 && value <= 31 ? new Span(year, month, value, null) : this;
                case "h":
                    return day != null && hour == null && value >= 0 && value <= 23 ? new Span(year, month, day, value) : this;
                default:
                    return this;
            }
        }

        /** Start of the span; null when the path names no (valid) time. */
        Instant start() {
            if (year == null) {
                return null;
            }
            try {
                return LocalDateTime.of(year, month == null ? 1 : month, day == null ? 1 : day, hour == null ? 0 : hour, 0)
                        .toInstant(ZoneOffset.UTC);
            } catch (java.time.DateTimeException e) {
                return null;
            }
        }

        Instant end() {
            Instant s = start();
            if (s == null) {
                return null;
            }
            LocalDateTime t = LocalDateTime.ofInstant(s, ZoneOffset.UTC);
            if (hour != null) {
                t = t.plusHours(1);
            } else if (day != null) {
                t = t.plusDays(1);
            } else if (month != null) {
                t = t.plusMonths(1);
            } else {
                t = t.plusYears(1);
            }
            return t.toInstant(ZoneOffset.UTC);
        }

        /**
         * Whether a path of this span can hold events of the window [from, to) (either end open
         * when null). An event at time t is filed in a span that ends after t and, by the export's
         * lag, starts at most {@code margin} after t; so keep spans with end > from and
         * start < to + margin.
         */
        boolean mayHold(Instant from, Instant to, java.time.Duration margin) {
            Instant s = start();
            if (s == null) {
                return true;
            }
            if (to != null && !s.isBefore(to.plus(margin))) {
                return false;
            }
            return from == null || end().isAfter(from);
        }
    }

    private PathTime() {}
}
