package io.cloudexfil.hunt.functions;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The time window of a run. Two forms, as the CLI offers them:
 * <ul>
 *   <li>{@link #between}: {@code [from, to)}, half-open, for backfills ({@code to} may be open);
 *   <li>{@link #lookback}: KQL's {@code Timestamp > ago(D)} evaluated at {@code asOf}: strictly
 *       after {@code asOf - D}, no upper bound.
 * </ul>
 */
public final class HuntWindow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Instant lower; // null = open
    private final boolean lowerInclusive;
    private final Instant upper; // exclusive; null = open

    private HuntWindow(Instant lower, boolean lowerInclusive, Instant upper) {
        this.lower = lower;
        this.lowerInclusive = lowerInclusive;
        this.upper = upper;
    }

    public static HuntWindow between(Instant from, Instant to) {
        if (to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        return new HuntWindow(from, true, to);
    }

    public static HuntWindow lookback(Instant asOf, Duration lookback) {
        if (lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("--lookback must be positive");
        }
        return new HuntWindow(asOf.minus(lookback), false, null);
    }

    /** Every instant: streams without --from, ad-hoc queries. */
    public static HuntWindow unbounded() {
        return new HuntWindow(null, true, null);
    }

    public boolean contains(long epochMillis, int nanoOfMilli) {
        long second = Math.floorDiv(epochMillis, 1000);
        int nano = (int) Math.floorMod(epochMillis, 1000) * 1_000_000 + nanoOfMilli;
        if (lower != null) {
            int lo = compare(second, nano, lower);
            if (lo < 0 || (lo == 0 && !lowerInclusive)) {
                return false;
            }
        }
        return upper == null || compare(second, nano, upper) < 0;
    }

    private static int compare(long second, int nano, Instant bound) {
        int c = Long.compare(second, bound.getEpochSecond());
        return c != 0 ? c : Integer.compare(nano, bound.getNano());
    }

    /** The lower bound, or null when open. */
    public Instant lower() {
        return lower;
    }

    public boolean lowerInclusive() {
        return lowerInclusive;
    }

    public Instant upper() {
        return upper;
    }

    /** The window {@link #toString} printed: {@code [2026-11-20T00:00:00Z, +inf)}, {@code (…, …)}. */
    public static HuntWindow parse(String s) {
        String t = s.strip();
        int comma = t.indexOf(", ");
        if (t.length() < 5 || (t.charAt(0) != '[' && t.charAt(0) != '(') || !t.endsWith(")") || comma < 0) {
            throw new IllegalArgumentException("not a hunt window: " + s);
        }
        String lo = t.substring(1, comma);
        String hi = t.substring(comma + 2, t.length() - 1);
        return new HuntWindow(lo.equals("-inf") ? null : Instant.parse(lo), t.charAt(0) == '[',
                hi.equals("+inf") ? null : Instant.parse(hi));
    }

    @Override
    public String toString() {
        return (lowerInclusive ? "[" : "(") + (lower == null ? "-inf" : lower) + ", "
                + (upper == null ? "+inf)" : upper + ")");
    }
}
