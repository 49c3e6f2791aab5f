package io.cloudexfil.hunt.source.line;

import io.cloudexfil.hunt.source.DefenderTables;
import io.cloudexfil.hunt.source.deadletter.RejectReason;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Line shapes and their routing, one line at a time (sql/tables/README.md §8, §9). */
class LineRouterTest {

    static final String TS = "\"Timestamp\":\"2026-11-20T10:00:00Z\"";

    final List<String> rows = new ArrayList<>();
    final List<String> rejects = new ArrayList<>();
    final List<String> counts = new ArrayList<>();

    final LineRouter.Sink sink = new LineRouter.Sink() {
        @Override
        public void row(GenericRowData row) {
            rows.add(row.getString(1).toString());
        }

        @Override
        public void reject(RejectReason reason, String detail) {
            rejects.add(reason.key());
        }

        @Override
        public void count(String key) {
            counts.add(key);
        }

        @Override
        public void passedOver() {
            counts.add("passed-over");
        }
    };

    LineRouter router(String fileTable, boolean owner) {
        return router("DeviceProcessEvents", fileTable, owner, DefenderTables.READ);
    }

    LineRouter router(String table, String fileTable, boolean owner, List<String> runTables) {
        return new LineRouter(table, new RowParser(List.of("Timestamp", "FileName"),
                List.of(new LocalZonedTimestampType(7), VarCharType.STRING_TYPE)), fileTable, owner, null, runTables);
    }

    void route(LineRouter r, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        r.route(b, 0, b.length, sink);
    }

    static String envelope(String table, String file) {
        return "{\"time\":\"x\",\"category\":\"AdvancedHunting-" + table + "\",\"properties\":{" + TS
                + ",\"FileName\":\"" + file + "\"}}";
    }

    @Test
    void invalidUtf8IsRepairedAndTheRowKept() {
        byte[] prefix = ("{" + TS + ",\"FileName\":\"r").getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "clone.exe\"}".getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[prefix.length + 1 + suffix.length];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        line[prefix.length] = (byte) 0xC3; // a lead byte without its continuation
        System.arraycopy(suffix, 0, line, prefix.length + 1, suffix.length);
        router("DeviceProcessEvents", true).route(line, 0, line.length, sink);
        assertThat(rows).containsExactly("r\uFFFDclone.exe");
        assertThat(counts).contains("repaired_utf8.DeviceProcessEvents");
    }

    @Test
    void envelopesRecordsAndSentinelRowsGoByTheirTable() {
        LineRouter mixed = router(null, true);
        route(mixed, envelope("DeviceProcessEvents", "a.exe"));
        route(mixed, "{\"records\":[" + envelope("DeviceNetworkEvents", "n.exe") + "," + envelope("DeviceProcessEvents", "b.exe")
                + "," + envelope("DeviceFileEvents", "f.exe") + "," + envelope("DeviceEvents", "e.exe") + ",42]}");
        route(mixed, "{\"Type\":\"DeviceProcessEvents\",\"TimeGenerated\":\"2026-11-20T10:00:00Z\",\"FileName\":\"c.exe\"}");
        route(mixed, "{" + TS + ",\"FileName\":\"flat.exe\"}");
        assertThat(rows).containsExactly("a.exe", "b.exe", "c.exe");
        // the network and file-events records are their sources'; the DeviceEvents record is counted as skipped
        assertThat(counts).containsExactly("skipped_records.DeviceEvents");
        assertThat(rejects).containsExactly("not_an_object", "unknown_table");
    }

    @Test
    void aRecordOfAnotherReadTableInADedicatedFileIsNotLost() {
        route(router("DeviceProcessEvents", true), envelope("DeviceNetworkEvents", "n.exe"));
        route(router("DeviceProcessEvents", true), envelope("DeviceFileEvents", "f.7z"));
        assertThat(rows).isEmpty();
        assertThat(rejects).containsExactly("table_mismatch", "table_mismatch");
    }

    @Test
    void fileEventsGoToTheFileEventsSourceInEveryShape() {
        LineRouter mixed = router("DeviceFileEvents", null, false, DefenderTables.READ);
        route(mixed, envelope("DeviceFileEvents", "rclone.conf"));
        route(mixed, "{\"records\":[" + envelope("DeviceProcessEvents", "p.exe") + "," + envelope("DeviceFileEvents", "q4.7z") + "]}");
        route(mixed, "{\"Type\":\"DeviceFileEvents\",\"TimeGenerated\":\"2026-11-20T10:00:00Z\",\"FileName\":\"x.ost\"}");
        route(mixed, "not json"); // the process source owns this mixed file's bad lines
        LineRouter flat = router("DeviceFileEvents", "DeviceFileEvents", true, DefenderTables.READ);
        route(flat, "{" + TS + ",\"FileName\":\"flat.7z\"}");
        route(flat, envelope("DeviceFileEvents", "container.7z")); // a per-table container's envelope
        assertThat(rows).containsExactly("rclone.conf", "q4.7z", "x.ost", "flat.7z", "container.7z");
        assertThat(rejects).isEmpty();
        assertThat(counts).isEmpty();
    }

    @Test
    void theOwnerCountsRecordsOfTablesThisRunDoesNotRead() {
        List<String> detection = List.of("DeviceProcessEvents", "DeviceNetworkEvents");
        route(router("DeviceProcessEvents", null, true, detection),
                "{\"records\":[" + envelope("DeviceFileEvents", "f.7z") + "," + envelope("DeviceNetworkEvents", "n.exe") + "]}");
        assertThat(counts).containsExactly("skipped_records.DeviceFileEvents");
        counts.clear();
        route(router("DeviceNetworkEvents", null, false, detection), envelope("DeviceFileEvents", "f.7z"));
        assertThat(counts).isEmpty(); // counted once, by the owner
    }

    @Test
    void theOwnerIsTheFirstTableTheRunReadsUnlessNamed() {
        List<String> all = DefenderTables.READ;
        assertThat(LineRouter.owns("DeviceProcessEvents", null, null, all)).isTrue();
        assertThat(LineRouter.owns("DeviceNetworkEvents", null, null, all)).isFalse();
        assertThat(LineRouter.owns("DeviceFileEvents", null, null, all)).isFalse();
        assertThat(LineRouter.owns("DeviceNetworkEvents", null, null, List.of("DeviceNetworkEvents"))).isTrue();
        assertThat(LineRouter.owns("DeviceFileEvents", null, null, List.of("DeviceFileEvents"))).isTrue();
        assertThat(LineRouter.owns("DeviceFileEvents", null, null, List.of("DeviceNetworkEvents", "DeviceFileEvents"))).isFalse();
        // named by the pipeline
        assertThat(LineRouter.owns("DeviceFileEvents", null, true, all)).isTrue();
        assertThat(LineRouter.owns("DeviceProcessEvents", null, false, all)).isFalse();
        // a dedicated file is its table's, whatever the option says
        assertThat(LineRouter.owns("DeviceFileEvents", "DeviceFileEvents", false, all)).isTrue();
        assertThat(LineRouter.owns("DeviceProcessEvents", "DeviceFileEvents", true, all)).isFalse();
    }

    @Test
    void aSourceThatDoesNotOwnAMixedFileReportsNothingOfItsBadLines() {
        route(router(null, false), "not json");
        route(router(null, false), "{\"records\":[" + envelope("DeviceFileEvents", "f.exe") + "]}");
        assertThat(rejects).isEmpty();
        assertThat(counts).isEmpty();
    }
}
