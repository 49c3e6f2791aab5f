package io.cloudexfil.hunt.source.line;

import io.cloudexfil.hunt.source.deadletter.RejectReason;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The row rules of sql/tables/README.md §9, one line at a time. */
class RowParserTest {

    static final List<String> NAMES = List.of("Timestamp", "FileName", "BytesSent", "RemotePort", "IsRemote", "AdditionalFields");
    static final List<LogicalType> TYPES = List.of(new LocalZonedTimestampType(7), VarCharType.STRING_TYPE,
            new BigIntType(), new IntType(), new BooleanType(), VarCharType.STRING_TYPE);
    static final String TS = "\"Timestamp\":\"2026-11-20T10:00:00.1234567Z\"";

    final RowParser parser = new RowParser(NAMES, TYPES);
    final RowParser.Result r = new RowParser.Result();

    void parse(String line) {
        parse(line.getBytes(StandardCharsets.UTF_8));
    }

    void parse(byte[] bytes) {
        parser.parse(bytes, 0, bytes.length, r);
    }

    @Test
    void readsRequestedColumnsAndIgnoresOthers() {
        parse("{" + TS + ",\"FileName\":\"rclone.exe\",\"Unknown\":{\"deep\":[1,2,{\"x\":3}]},\"BytesSent\":52428800}");
        GenericRowData row = r.row;
        assertThat(row).isNotNull();
        assertThat(row.getTimestamp(0, 7).toInstant()).isEqualTo(Instant.parse("2026-11-20T10:00:00.1234567Z"));
        assertThat(row.getString(1).toString()).isEqualTo("rclone.exe");
        assertThat(row.getLong(2)).isEqualTo(52428800L);
        assertThat(row.isNullAt(3)).isTrue();
        assertThat(r.typeErrors).isZero();
    }

    @Test
    void numericStringsAreNumbersOtherStringsAreCountedNulls() {
        parse("{" + TS + ",\"BytesSent\":\"12345678\",\"RemotePort\":\"abc\"}");
        assertThat(r.row.getLong(2)).isEqualTo(12345678L);
        assertThat(r.row.isNullAt(3)).isTrue();
        assertThat(r.typeErrors).isEqualTo(1);

        parse("{" + TS + ",\"BytesSent\":1.5,\"RemotePort\":99999999999}");
        assertThat(r.row.isNullAt(2)).isTrue();
        assertThat(r.row.isNullAt(3)).isTrue();
        assertThat(r.typeErrors).isEqualTo(2);
    }

    @Test
    void dynamicValuesKeepTheirJsonTextAndBooleansAcceptStrings() {
        parse("{" + TS + ",\"AdditionalFields\":{\"a\":1},\"IsRemote\":\"TRUE\"}");
        assertThat(r.row.getString(5).toString()).isEqualTo("{\"a\":1}");
        assertThat(r.row.getBoolean(4)).isTrue();
    }

    @Test
    void everyKindOfBadLineHasAReason() {
        parse("{" + TS + ",\"FileName\":\"trunc");
        assertThat(r.reason).isEqualTo(RejectReason.MALFORMED_JSON);
        parse("[1,2]");
        assertThat(r.reason).isEqualTo(RejectReason.NOT_AN_OBJECT);
        parse("42");
        assertThat(r.reason).isEqualTo(RejectReason.NOT_AN_OBJECT);
        parse("{" + TS + "} {\"x\":1}");
        assertThat(r.reason).isEqualTo(RejectReason.TRAILING_DATA);
        parse("{\"FileName\":\"x\"}");
        assertThat(r.reason).isEqualTo(RejectReason.BAD_TIMESTAMP);
        parse("{\"Timestamp\":\"11/20/2026 10:00\"}");
        assertThat(r.reason).isEqualTo(RejectReason.BAD_TIMESTAMP);
        parse("{\"Timestamp\":1732096800}");
        assertThat(r.reason).isEqualTo(RejectReason.BAD_TIMESTAMP);
        parse("{" + TS + ",\"x\":" + "[".repeat(500) + "]".repeat(500) + "}");
        assertThat(r.reason).isEqualTo(RejectReason.TOO_DEEP);
        parse(new byte[] {0x00, 0x01, (byte) 0xFF, 0x7F, 0x10});
        assertThat(r.row).isNull();
        assertThat(r.reason).isNotNull();
    }

    @Test
    void aTwoMegabyteCommandLineIsAValidValue() {
        String big = "rclone copy " + "A".repeat(2 << 20);
        parse("{" + TS + ",\"FileName\":\"" + big + "\"}");
        assertThat(r.row).isNotNull();
        assertThat(r.row.getString(1).toString()).hasSize(big.length());
    }
}
