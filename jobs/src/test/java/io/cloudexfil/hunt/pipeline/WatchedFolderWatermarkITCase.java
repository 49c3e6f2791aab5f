package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window of a running stream over a watched folder closes once later events are read, at
 * parallelism 2 (the files go to one reader or the other; a reader with nothing to read goes
 * idle), even when those later events are lines the prefilter passes over unparsed: a stream's
 * watermark follows every event of the table, not only the few that can match the query.
 */
class WatchedFolderWatermarkITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

    static String connection(String ts, String url, long reportId) {
        return "{\"Timestamp\":\"" + ts + "\",\"DeviceId\":\"d1\",\"DeviceName\":\"ws\",\"ActionType\":\"ConnectionSuccess\","
                + "\"RemoteIP\":\"1.2.3.4\",\"RemotePort\":443,\"RemoteUrl\":\"" + url + "\",\"InitiatingProcessId\":1,"
                + "\"ReportId\":" + reportId + "}\n";
    }

    static void drop(Path dir, String name, String lines) throws Exception {
        Path hidden = dir.resolve("." + name + ".tmp");
        Files.writeString(hidden, lines);
        Files.move(hidden, dir.resolve(name + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aWindowClosesMidStreamOnceLaterEventsArriveThoughTheyArePassedOver(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path dir = Files.createDirectories(in.resolve("DeviceNetworkEvents"));
        Configuration conf = HuntPipeline.baseConfiguration(2);
        StreamHunt.eventTime(conf); // the stream's own settings for event time
        TableEnvironment tEnv = TableEnvironment.create(
                EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
        HuntPipeline.registerFunctions(tEnv);
        HuntPipeline.registerParameters(tEnv, DetectionPack.select(List.of("process_correlated_upload")), HuntWindow.unbounded());
        HuntPipeline.registerTables(tEnv, new HuntPipeline.InputBinding(in.toString(), tmp.resolve("rejected").toString(),
                HuntWindow.unbounded(), Duration.ofMillis(300)), List.of("DeviceNetworkEvents"));
        TableBindings.watermarkDelay(tEnv, "DeviceNetworkEvents", Duration.ofMinutes(5));
        tEnv.executeSql("CREATE TEMPORARY VIEW Uploads AS SELECT * FROM DeviceNetworkEvents "
                + "WHERE in_hunt_window(`Timestamp`) AND has_any(RemoteUrl, detection_list('CorrelatedStorageDomains'))");
        String query = "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE Uploads, "
                + "DESCRIPTOR(EventTime), INTERVAL '1' HOUR)) GROUP BY window_start, window_end";
        assertThat(tEnv.explainSql(query)).as("the filter reaches the source: lines are prefiltered")
                .contains("filter=[inhuntwindow(");
        TableResult result = tEnv.executeSql(query);
        try (CloseableIterator<Row> rows = result.collect()) {
            drop(dir, "a", connection("2026-11-20T10:00:10.0000000Z", "g.api.mega.co.nz", 1));
            Thread.sleep(1500); // read by one reader; the next file likely goes to the other
            // 3 hours later, and nothing the filter can match: passed over unparsed, yet the clock moves
            drop(dir, "b", connection("2026-11-20T13:00:10.0000000Z", "www.bing.com", 2).repeat(3));
            CompletableFuture<Row> first = CompletableFuture.supplyAsync(rows::next);
            // the idle reader stops holding the watermark after the source idle timeout (10 s)
            Row row = first.get(StreamHunt.SOURCE_IDLE_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
            assertThat(row.getField("window_start")).isEqualTo(LocalDateTime.parse("2026-11-20T10:00:00"));
            assertThat(row.getField("n")).isEqualTo(1L);
        } finally {
            result.getJobClient().orElseThrow().cancel().get(60, TimeUnit.SECONDS);
        }
    }
}
