package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * process_correlated_upload in a running stream over a watched folder, files added while it runs:
 * the interval join pairs a process event with its connections whichever arrives first, as long
 * as both come before the watermark passes them; a pair that arrives later than the watermark
 * allows (out-of-orderness 5 minutes) is dropped by Flink and never alerts (detection.yml,
 * known_gaps). A control pair dropped after it shows the job is still correlating.
 *
 * <p>The files that move the clock hold only events the detection's filter cannot match: the
 * source passes them over unparsed, and the watermark still follows their time.
 */
class CorrelatedUploadLateEventsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

    static final String DEVICE = "d0c7a1b2e3f405162738495a6b7c8d9e0f1a2b3c";

    static String process(String ts, long pid, String created, long reportId, String file, String folder, String cmd) {
        return "{\"Timestamp\":\"" + ts + "\",\"DeviceId\":\"" + DEVICE + "\",\"DeviceName\":\"ws-late.corp.contoso.com\","
                + "\"ActionType\":\"ProcessCreated\",\"FileName\":\"" + file + "\",\"FolderPath\":\"" + folder + "\","
                + "\"ProcessCommandLine\":\"" + cmd + "\",\"ProcessId\":" + pid + ",\"ProcessCreationTime\":\"" + created + "\","
                + "\"AccountName\":\"j.doe\",\"InitiatingProcessFileName\":\"cmd.exe\",\"ReportId\":" + reportId + "}\n";
    }

    static String rclone(String ts, long pid, String created, long reportId) {
        return process(ts, pid, created, reportId, "rclone.exe", "C:\\\\PerfLogs\\\\rclone.exe", "rclone.exe copy C:\\\\data mega:x");
    }

    static String connection(String ts, long pid, String created, String url, long reportId) {
        return "{\"Timestamp\":\"" + ts + "\",\"DeviceId\":\"" + DEVICE + "\",\"DeviceName\":\"ws-late.corp.contoso.com\","
                + "\"ActionType\":\"ConnectionSuccess\",\"RemoteIP\":\"66.203.125.11\",\"RemotePort\":443,\"RemoteUrl\":\"" + url
                + "\",\"InitiatingProcessId\":" + pid + ",\"InitiatingProcessCreationTime\":\"" + created + "\",\"ReportId\":"
                + reportId + ",\"InitiatingProcessFileName\":\"" + (url.contains("bing") ? "notepad.exe" : "rclone.exe")
                + "\",\"InitiatingProcessCommandLine\":\"" + (url.contains("bing") ? "notepad.exe" : "rclone.exe copy C:\\\\data mega:x")
                + "\"}\n";
    }

    /** Events that alert nothing and move both tables' event time (and so the watermark) to {@code ts}. */
    static void clock(Path in, String name, String ts, long reportId) throws Exception {
        String p = process(ts, 1, ts, reportId, "notepad.exe", "C:\\\\Windows\\\\notepad.exe", "notepad.exe");
        String n = connection(ts, 1, ts, "www.bing.com", reportId + 1);
        drop(in.resolve("DeviceProcessEvents"), name, p.repeat(CLOCK_LINES));
        drop(in.resolve("DeviceNetworkEvents"), name, n.repeat(CLOCK_LINES));
    }

    static final int CLOCK_LINES = 3;

    /** Writes a hidden file and renames it, as writers must; then gives the folder watch time to read it. */
    static void drop(Path dir, String name, String lines) throws Exception {
        Path hidden = dir.resolve("." + name + ".tmp");
        Files.writeString(hidden, lines);
        Files.move(hidden, dir.resolve(name + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(1500);
    }

    /** The ReportIds of the committed alerts. */
    static Set<Long> alertReportIds(Path out) throws Exception {
        Set<Long> ids = new TreeSet<>();
        for (JsonNode a : StreamParityITCase.committedAlerts(out)) {
            assertThat(a.path("Detection").asText()).isEqualTo("process_correlated_upload");
            ids.add(a.path("ReportId").asLong());
        }
        return ids;
    }

    static void waitFor(Path out, Set<Long> ids, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!alertReportIds(out).containsAll(ids) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    @Test
    void eitherOrderJoinsWithinTheWatermarkAndAPairLaterThanItIsDropped(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve("DeviceProcessEvents"));
        Files.createDirectories(in.resolve("DeviceNetworkEvents"));
        Path out = tmp.resolve("out");
        StreamHunt.Options options = new StreamHunt.Options(in.toString(), out.toString(), HuntWindow.unbounded(),
                DetectionPack.select(List.of("process_correlated_upload")), 1, Duration.ofMillis(400),
                Duration.ofMinutes(5), Duration.ofMillis(300), Duration.ofHours(24), null, null, false, false);
        JobClient job = StreamHunt.start(options).getJobClient().orElseThrow();
        try {
            // 1. the connection arrives first, its process event a file later (both within the 5 minutes allowed)
            drop(in.resolve("DeviceNetworkEvents"), "n1",
                    connection("2026-11-20T10:00:10.0000000Z", 501, "2026-11-20T10:00:00.0000000Z", "g.api.mega.co.nz", 1010));
            drop(in.resolve("DeviceProcessEvents"), "p1",
                    rclone("2026-11-20T10:00:00.1000000Z", 501, "2026-11-20T10:00:00.0000000Z", 1001)
                            + rclone("2026-11-20T10:01:00.1000000Z", 502, "2026-11-20T10:01:00.0000000Z", 1002));
            // 2. the usual order: the process event, then its connection
            drop(in.resolve("DeviceNetworkEvents"), "n2",
                    connection("2026-11-20T10:01:05.0000000Z", 502, "2026-11-20T10:01:00.0000000Z", "gfs1.userstorage.mega.co.nz", 1020));
            // the watermark passes 10:15 plus the join's 1-hour watermark delay: the 10:00-10:15 window closes
            clock(in, "clock1", "2026-11-20T13:00:00.0000000Z", 1100);
            waitFor(out, Set.of(1010L, 1020L), 120);
            assertThat(alertReportIds(out)).as("both orders join").containsExactly(1010L, 1020L);

            // 3. a pair at 10:30, after the watermark reached 12:55: both rows are late and dropped
            drop(in.resolve("DeviceProcessEvents"), "p3", rclone("2026-11-20T10:30:00.1000000Z", 503, "2026-11-20T10:30:00.0000000Z", 1003));
            drop(in.resolve("DeviceNetworkEvents"), "n3",
                    connection("2026-11-20T10:30:05.0000000Z", 503, "2026-11-20T10:30:00.0000000Z", "g.api.mega.co.nz", 1030));
            // 4. a control pair on time, and the watermark past its window: it alerts, the late pair does not
            drop(in.resolve("DeviceProcessEvents"), "p4", rclone("2026-11-20T14:00:00.1000000Z", 504, "2026-11-20T14:00:00.0000000Z", 1004));
            drop(in.resolve("DeviceNetworkEvents"), "n4",
                    connection("2026-11-20T14:00:07.0000000Z", 504, "2026-11-20T14:00:00.0000000Z", "g.api.mega.co.nz", 1040));
            clock(in, "clock2", "2026-11-20T17:00:00.0000000Z", 1200);
            waitFor(out, Set.of(1040L), 120);
            Thread.sleep(2000); // a few more checkpoints: a late alert would be committed by now
            assertThat(alertReportIds(out)).as("the late pair is dropped, the control pair alerts")
                    .containsExactly(1010L, 1020L, 1040L);
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }
}
