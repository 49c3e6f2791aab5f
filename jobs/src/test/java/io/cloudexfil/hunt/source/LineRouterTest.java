package io.cloudexfil.hunt.source;

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
        return new LineRouter("DeviceProcessEvents", new RowParser(List.of("Timestamp", "FileName"),
                List.of(new LocalZonedTimestampType(7), VarCharType.STRING_TYPE)), fileTable, owner);
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
                + "," + envelope("DeviceFileEvents", "f.exe") + ",42]}");
        route(mixed, "{\"Type\":\"DeviceProcessEvents\",\"TimeGenerated\":\"2026-11-20T10:00:00Z\",\"FileName\":\"c.exe\"}");
        route(mixed, "{" + TS + ",\"FileName\":\"flat.exe\"}");
        assertThat(rows).containsExactly("a.exe", "b.exe", "c.exe");
        // the network record is the network source's; the file-events record is counted as skipped
        assertThat(counts).containsExactly("skipped_records.DeviceFileEvents");
        assertThat(rejects).containsExactly("not_an_object", "unknown_table");
    }

    @Test
    void aRecordOfAnotherReadTableInADedicatedFileIsNotLost() {
        route(router("DeviceProcessEvents", true), envelope("DeviceNetworkEvents", "n.exe"));
        assertThat(rows).isEmpty();
        assertThat(rejects).containsExactly("table_mismatch");
    }

    @Test
    void aSourceThatDoesNotOwnAMixedFileReportsNothingOfItsBadLines() {
        route(router(null, false), "not json");
        route(router(null, false), "{\"records\":[" + envelope("DeviceFileEvents", "f.exe") + "]}");
        assertThat(rejects).isEmpty();
        assertThat(counts).isEmpty();
    }
}
