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

    /** Days before the generated day that {@link #time} can write (process creation times). */
    private static final int DAYS_BEFORE = 14;
    /** {@code 2026-11-06T} ... {@code 2026-11-22T}: the date part for days -14 ... +2. */
    private static final byte[][] DATE_PREFIXES = new byte[DAYS_BEFORE + 3][];

    static {
        java.time.LocalDate day = java.time.LocalDate.parse(TelemetryGenerator.DAY);
        for (int d = 0; d < DATE_PREFIXES.length; d++) {
            DATE_PREFIXES[d] = (day.plusDays(d - DAYS_BEFORE) + "T").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /**
     * Like {@link #timestamp} for any tick from 14 days before the generated day to the end of the
     * day after it (earlier ticks are written as the earliest, later as the latest).
     */
    static void time(JsonLineWriter w, long tick) {
        long min = -DAYS_BEFORE * DAY_TICKS;
        long max = (DATE_PREFIXES.length - DAYS_BEFORE) * DAY_TICKS - 1;
        long t = Math.min(Math.max(tick, min), max);
        int day = (int) Math.floorDiv(t, DAY_TICKS);
        timestamp(w, DATE_PREFIXES[day + DAYS_BEFORE], t - day * DAY_TICKS);
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

    /** A time before {@code tick}, log-uniform between {@code min} and {@code max} ticks earlier (process start times). */
    static long earlier(SplittableRandom x, long tick, long min, long max) {
        return tick - (long) Math.exp(Math.log(min) + x.nextDouble() * (Math.log(max) - Math.log(min)));
    }

    /** {@code "4785074604089789"}: Defender's undocumented process keys are numbers written as strings. */
    static void uniqueId(JsonLineWriter w, SplittableRandom x) {
        w.rawByte('"');
        w.num(1_000_000_000_000_000L + x.nextLong(8_000_000_000_000_000L));
        w.rawByte('"');
    }

    /**
     * {@code AdditionalFields} of a macOS or Linux process row: the POSIX identity of both
     * processes, their process groups and sessions, working folders and file modes (the shape of
     * the public macOS record, sql/tables/README.md §10). Written as a JSON object inside a string.
     */
    static void posixFields(StringBuilder sb, SplittableRandom x, Fleet.Device dev, Fleet.User init, Fleet.User proc,
                            long initId, long processId, boolean mac) {
        sb.append('{');
        posixUser(sb, "InitiatingProcessPosixEffectiveUser", init, mac);
        sb.append(',');
        posixGroup(sb, "InitiatingProcessPosixEffectiveGroup", init, mac);
        sb.append(',');
        posixUser(sb, "InitiatingProcessPosixRealUser", init, mac);
        sb.append(",\"InitiatingProcessPosixProcessGroupId\":").append(initId)
                .append(",\"InitiatingProcessPosixSessionId\":").append(init == Fleet.ROOT ? 1 : initId - x.nextInt(50))
                .append(",\"InitiatingProcessCurrentWorkingDirectory\":\"")
                .append(init == Fleet.ROOT ? "/" : (mac ? "/Users/" : "/home/") + init.login).append('"')
                .append(",\"InitiatingProcessPosixFilePermissions\":");
        modes(sb, x.nextInt(4) == 0);
        sb.append(',');
        posixUser(sb, "ProcessPosixEffectiveUser", proc, mac);
        sb.append(',');
        posixGroup(sb, "ProcessPosixEffectiveGroup", proc, mac);
        sb.append(',');
        posixUser(sb, "ProcessPosixRealUser", proc, mac);
        sb.append(",\"ProcessPosixProcessGroupId\":").append(x.nextInt(3) == 0 ? processId : initId)
                .append(",\"ProcessPosixSessionId\":").append(proc == Fleet.ROOT ? 1 : initId)
                .append(",\"ProcessCurrentWorkingDirectory\":\"")
                .append(proc == Fleet.ROOT ? "/" : (mac ? "/Users/" : "/home/") + proc.login).append('"')
                .append(",\"ProcessPosixFilePermissions\":");
        modes(sb, x.nextInt(4) == 0);
        if (mac) {
            sb.append(",\"ProcessAuthenticationId\":").append(100000 + x.nextInt(900000));
        }
        sb.append('}');
    }

    private static void posixUser(StringBuilder sb, String key, Fleet.User u, boolean mac) {
        boolean root = u == Fleet.ROOT;
        sb.append('"').append(key).append("\":{\"Name\":\"").append(u.login).append("\",\"DomainName\":\"")
                .append(root ? "" : mac ? "CONTOSO" : "").append("\",\"PosixUserId\":")
                .append(root ? 0 : mac ? 501 : 1000 + (u.login.hashCode() & 0x3FF))
                .append(",\"PrimaryGroupName\":\"").append(root ? (mac ? "wheel" : "root") : mac ? "staff" : u.login)
                .append("\",\"PosixPrimaryGroupId\":").append(root ? 0 : mac ? 20 : 1000 + (u.login.hashCode() & 0x3FF))
                .append('}');
    }

    private static void posixGroup(StringBuilder sb, String key, Fleet.User u, boolean mac) {
        boolean root = u == Fleet.ROOT;
        sb.append('"').append(key).append("\":{\"Name\":\"").append(root ? (mac ? "wheel" : "root") : mac ? "staff" : u.login)
                .append("\",\"PosixGroupId\":").append(root ? 0 : mac ? 20 : 1000 + (u.login.hashCode() & 0x3FF)).append('}');
    }

    private static void modes(StringBuilder sb, boolean writable) {
        sb.append("[\"UserRead\",\"UserWrite\",\"UserExecute\",\"GroupRead\",")
                .append(writable ? "\"GroupWrite\"," : "")
                .append("\"GroupExecute\",\"OthersRead\",\"OthersExecute\"]");
    }
}
