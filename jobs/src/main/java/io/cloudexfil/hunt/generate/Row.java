package io.cloudexfil.hunt.generate;

import java.util.SplittableRandom;

/** Helpers shared by the table writers: weighted choice, random tokens, hashes, times. */
final class Row {

    private Row() {}

    /** Signal bits of a generated row (what the detection must report for it). */
    static final int LARGE_CLOUD_UPLOAD = 1;
    static final int CLOUD_SYNC_TOOL = 2;
    static final int CLOUD_API_UPLOAD = 4;

    /** Ticks (100 ns) in a day. */
    static final long DAY_TICKS = 864_000_000_000L;
    private static final long HOUR_TICKS = DAY_TICKS / 24;

    /** Relative activity per UTC hour: a working day with a night-time floor (servers, backups). */
    private static final double[] HOURLY = {
        3, 2.5, 2.5, 3, 2.5, 3, 4, 6, 9, 11, 11, 10.5, 9, 10, 11, 10.5, 9.5, 8, 6, 5, 4.5, 4, 3.5, 3,
    };
    private static final double[] CUMULATIVE = new double[HOURLY.length + 1];

    static {
        for (int h = 0; h < HOURLY.length; h++) {
            CUMULATIVE[h + 1] = CUMULATIVE[h] + HOURLY[h];
        }
        for (int h = 0; h <= HOURLY.length; h++) {
            CUMULATIVE[h] /= CUMULATIVE[HOURLY.length];
        }
    }

    /** The tick of the day at quantile {@code u} in [0, 1) of the diurnal curve; monotone in u. */
    static long tickAt(double u) {
        int h = 0;
        while (h < 23 && CUMULATIVE[h + 1] <= u) {
            h++;
        }
        double f = (u - CUMULATIVE[h]) / (CUMULATIVE[h + 1] - CUMULATIVE[h]);
        long t = h * HOUR_TICKS + (long) (f * HOUR_TICKS);
        return Math.min(Math.max(t, 0), DAY_TICKS - 1);
    }

    /** {@code "2026-11-20T13:45:12.1234567Z"} for a tick of the generated day. */
    static void timestamp(JsonLineWriter w, byte[] datePrefix, long tick) {
        long seconds = tick / 10_000_000L;
        long fraction = tick % 10_000_000L;
        w.rawByte('"');
        w.raw(datePrefix);
        two(w, (int) (seconds / 3600));
        w.rawByte(':');
        two(w, (int) (seconds / 60 % 60));
        w.rawByte(':');
        two(w, (int) (seconds % 60));
        w.rawByte('.');
        for (long d = 1_000_000L; d > 0; d /= 10) {
            w.rawByte('0' + (int) (fraction / d % 10));
        }
        w.rawByte('Z');
        w.rawByte('"');
    }

    private static void two(JsonLineWriter w, int v) {
        w.rawByte('0' + v / 10);
        w.rawByte('0' + v % 10);
    }

    static String pick(SplittableRandom r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    /** Index into {@code cumulative} (running sums of weights) for a uniform draw. */
    static int weighted(SplittableRandom r, int[] cumulative) {
        int x = r.nextInt(cumulative[cumulative.length - 1]);
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static int[] cumulative(int... weights) {
        int[] c = new int[weights.length];
        int s = 0;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i];
            c[i] = s;
        }
        return c;
    }

    static void hex(StringBuilder sb, SplittableRandom r, int chars) {
        for (int i = 0; i < chars; i++) {
            sb.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
    }

    static void upperHex(StringBuilder sb, SplittableRandom r, int chars) {
        for (int i = 0; i < chars; i++) {
            sb.append("0123456789ABCDEF".charAt(r.nextInt(16)));
        }
    }

    static void guid(StringBuilder sb, SplittableRandom r) {
        hex(sb, r, 8);
        sb.append('-');
        hex(sb, r, 4);
        sb.append('-');
        hex(sb, r, 4);
        sb.append('-');
        hex(sb, r, 4);
        sb.append('-');
        hex(sb, r, 12);
    }

    static void alnum(StringBuilder sb, SplittableRandom r, int chars) {
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < chars; i++) {
            sb.append(a.charAt(r.nextInt(a.length())));
        }
    }

    /** A public IPv4 address outside the private and reserved ranges. */
    static void publicIp(StringBuilder sb, SplittableRandom r) {
        int a;
        do {
            a = 13 + r.nextInt(210);
        } while (a == 127 || a == 10 || a == 172 || a == 192 || a == 100 || a == 169);
        sb.append(a).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.')
                .append(1 + r.nextInt(254));
    }
}
