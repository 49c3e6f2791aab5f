package io.cloudexfil.kql.bench;

import io.cloudexfil.kql.HasAny;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.StringData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code has_any} with the seed's 19 CloudStorageDomains over 200-character command lines, one
 * evaluation per operation, one thread. Compared in the same run against two named baselines:
 * <ul>
 *   <li>{@code baselineSpecRegex}: the spec's "equivalent Java regex" (udfs/SEMANTICS.md §3), one
 *       alternation with look-around boundaries, CASE_INSENSITIVE | UNICODE_CASE. Exact.
 *   <li>{@code baselineLowerIndexOf}: lower-case the text once, {@code indexOf} per needle, ASCII
 *       boundary check (the usual hand-written fast path). Not exact for non-ASCII text: lower-casing
 *       a whole string is not KQL's case folding (udfs/SEMANTICS.md §2).
 * </ul>
 * The argument is passed as Flink passes a constant array: the same {@link ArrayData} each call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class HasAnyBenchmark {

    static final String[] DOMAINS = {
        "dropbox.com", "dropboxapi.com", "content.dropboxapi.com", "api.dropboxapi.com",
        "drive.google.com", "www.googleapis.com", "storage.googleapis.com", "oauth2.googleapis.com",
        "graph.microsoft.com", "onedrive.live.com", "api.onedrive.com", "files.1drv.com",
        "s3.amazonaws.com", "s3-us-east-1.amazonaws.com",
        "mega.io", "mega.nz", "api.mega.co.nz",
        "api.box.com", "upload.box.com"
    };

    /** Realistic miss lines: paths, flags, hashes, near misses; padded/cut to 200 chars. */
    static final String[] MISS_TEMPLATES = {
        "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\" /recycle /restore "
                + "--profile=Default --connect https://outlook.office365.com/owa/ --user a.smith@contoso.com ",
        "C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule --config C:\\ProgramData\\sched.xml "
                + "--log-level info --retry 3 --timeout 300s --notdropbox.com --backup-target \\\\fs01\\share$ ",
        "powershell.exe -NoProfile -ExecutionPolicy Bypass -File \"C:\\Program Files (x86)\\Microsoft Intune "
                + "Management Extension\\Content\\DetectionScripts\\7bdb56a9-0db0-4fd3-a373-4a50613270bc_1.ps1\" ",
        "/usr/bin/python3 /opt/app/manage.py runserver 0.0.0.0:8000 --settings=app.settings.prod "
                + "--storage s3-eu-west-2.amazonaws.net --cache redis://cache.internal:6379/0 --workers 4 ",
    };

    static final String HIT_SUFFIX = " https://content.dropboxapi.com/2/files/upload";

    private final HasAny hasAny = new HasAny();
    private ArrayData needles;
    private Pattern specRegex;
    private String[] miss;
    private String[] hit;
    private int i;

    @Setup
    public void setUp() {
        StringData[] elements = Stream.of(DOMAINS).map(StringData::fromString).toArray(StringData[]::new);
        needles = new GenericArrayData(elements);
        specRegex = Pattern.compile(Stream.of(DOMAINS)
                        .map(d -> "(?<![\\p{L}\\p{Nd}])" + Pattern.quote(d) + "(?![\\p{L}\\p{Nd}])")
                        .collect(Collectors.joining("|")),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        Random r = new Random(1);
        miss = new String[64];
        hit = new String[64];
        for (int k = 0; k < 64; k++) {
            String base = MISS_TEMPLATES[k % MISS_TEMPLATES.length];
            String line = fit(base + Long.toHexString(r.nextLong()) + " " + base, 200);
            miss[k] = line;
            hit[k] = fit(line, 200 - HIT_SUFFIX.length()) + HIT_SUFFIX; // match at the very end
        }
        for (int k = 0; k < 64; k++) {
            if (hasAny.eval(miss[k], needles) || !hasAny.eval(hit[k], needles)) {
                throw new IllegalStateException("benchmark inputs are not what they claim");
            }
        }
    }

    private static String fit(String s, int len) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < len) {
            sb.append(s);
        }
        return sb.substring(0, len);
    }

    private String next(String[] lines) {
        i = (i + 1) & 63;
        return lines[i];
    }

    @Benchmark
    public boolean hasAnyMiss() {
        return hasAny.eval(next(miss), needles);
    }

    @Benchmark
    public boolean hasAnyHitAtEnd() {
        return hasAny.eval(next(hit), needles);
    }

    @Benchmark
    public boolean baselineSpecRegexMiss() {
        return specRegex.matcher(next(miss)).find();
    }

    @Benchmark
    public boolean baselineLowerIndexOfMiss() {
        return lowerIndexOf(next(miss));
    }

    @Benchmark
    public boolean baselineLowerIndexOfHitAtEnd() {
        return lowerIndexOf(next(hit));
    }

    private static boolean lowerIndexOf(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String d : DOMAINS) {
            int from = 0;
            int at;
            while ((at = lower.indexOf(d, from)) >= 0) {
                int end = at + d.length();
                boolean before = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1));
                boolean after = end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end));
                if (before && after) {
                    return true;
                }
                from = at + 1;
            }
        }
        return false;
    }
}
