package io.cloudexfil.hunt.source.line;

import io.cloudexfil.hunt.source.deadletter.RejectReason;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one line into a row of the requested columns, following the row rules of
 * sql/tables/README.md §9: unknown keys are skipped unread; a long/int column takes a JSON
 * integer or a string of decimal digits, anything else makes the column NULL and counts a type
 * error; a missing or non-ISO-8601
 * {@code Timestamp} sets the row aside. Not thread-safe: one parser per reader.
 */
public final class RowParser {

    public static final String TIMESTAMP = "Timestamp";
    static final String TIME_GENERATED = "TimeGenerated";

    /** A mapper's factory, so that nested values can be read as trees (dynamic columns). */
    static final JsonFactory FACTORY = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(200)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(1000)
                    .build())
            .build()).getFactory();

    /** The outcome of one line: a row, or a rejection with its reason and detail. */
    public static final class Result {
        public GenericRowData row;
        RejectReason reason;
        String detail;
        int typeErrors;
        /** The row's event time (also when the query does not read the column). */
        TimestampData eventTime;
        /** The columns whose value had the wrong type (set to NULL). */
        final java.util.List<String> typeErrorColumns = new java.util.ArrayList<>();

        void reset() {
            typeErrorColumns.clear();
            row = null;
            eventTime = null;
            reason = null;
            detail = null;
            typeErrors = 0;
        }
    }

    private final String[] names;
    private final LogicalTypeRoot[] types;
    private final Map<String, Integer> index = new HashMap<>();
    private final int timestampIndex;

    public RowParser(List<String> names, List<LogicalType> types) {
        this.names = names.toArray(new String[0]);
        this.types = new LogicalTypeRoot[types.size()];
        for (int i = 0; i < this.names.length; i++) {
            this.types[i] = types.get(i).getTypeRoot();
            checkSupported(this.names[i], this.types[i]);
            index.put(this.names[i], i);
        }
        this.timestampIndex = index.getOrDefault(TIMESTAMP, -1);
    }

    private static void checkSupported(String name, LogicalTypeRoot root) {
        switch (root) {
            case VARCHAR: case CHAR: case BIGINT: case INTEGER: case BOOLEAN: case DOUBLE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return;
            default:
                throw new IllegalArgumentException("column " + name + ": type " + root + " is not supported by the defender connector");
        }
    }

    public void parse(byte[] buf, int off, int len, Result out) {
        parse(buf, off, len, out, false);
    }

    /**
     * Parses one flat row from valid UTF-8 ({@link LineRouter} repairs a line before it gets
     * here). {@code sentinel}: a Log Analytics row, whose event time falls back to
     * {@code TimeGenerated} when it has no {@code Timestamp}.
     */
    public void parse(byte[] buf, int off, int len, Result out, boolean sentinel) {
        out.reset();
        try {
            parse(FACTORY.createParser(buf, off, len), out, sentinel);
        } catch (StreamConstraintsException e) {
            reject(out, RejectReason.TOO_DEEP, e.getOriginalMessage());
        } catch (IOException e) {
            reject(out, RejectReason.MALFORMED_JSON, shortMessage(e));
        }
    }

    private void parse(JsonParser p, Result out, boolean sentinel) throws IOException {
        try (p) {
            JsonToken t = p.nextToken();
            if (t == null) {
                reject(out, RejectReason.MALFORMED_JSON, "empty");
                return;
            }
            if (t != JsonToken.START_OBJECT) {
                reject(out, RejectReason.NOT_AN_OBJECT, t == JsonToken.START_ARRAY ? "a JSON array" : "a JSON scalar");
                return;
            }
            GenericRowData row = new GenericRowData(names.length);
            TimestampData ts = null;
            TimestampData generated = null;
            boolean tsSeen = false;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                Integer i = index.get(name);
                if (name.equals(TIMESTAMP)) {
                    tsSeen = true;
                    ts = t == JsonToken.VALUE_STRING ? IsoTimestamps.parse(p.getText()) : null;
                    if (i != null) {
                        row.setField(i, ts);
                    } else {
                        p.skipChildren();
                    }
                } else if (sentinel && name.equals(TIME_GENERATED) && t == JsonToken.VALUE_STRING) {
                    generated = IsoTimestamps.parse(p.getText());
                } else if (i == null) {
                    p.skipChildren();
                } else {
                    int before = out.typeErrors;
                    row.setField(i, value(p, t, types[i], out));
                    if (out.typeErrors > before) {
                        out.typeErrorColumns.add(names[i]);
                    }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                reject(out, RejectReason.MALFORMED_JSON, "object not closed");
                return;
            }
            if (p.nextToken() != null) {
                reject(out, RejectReason.TRAILING_DATA, "data after the object");
                return;
            }
            if (ts == null && !tsSeen && generated != null) {
                ts = generated; // Sentinel rows always carry TimeGenerated; Timestamp may be projected away
                if (timestampIndex >= 0) {
                    row.setField(timestampIndex, ts);
                }
            }
            if (ts == null) {
                reject(out, RejectReason.BAD_TIMESTAMP, tsSeen ? "Timestamp is not ISO-8601" : "no Timestamp");
                return;
            }
            out.row = row;
            out.eventTime = ts;
        }
    }

    private Object value(JsonParser p, JsonToken t, LogicalTypeRoot type, Result out) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        switch (type) {
            case VARCHAR:
            case CHAR:
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    // dynamic columns (AdditionalFields) arrive as objects in some exports: keep their JSON text
                    return StringData.fromString(p.readValueAsTree().toString());
                }
                return StringData.fromString(p.getText());
            case BIGINT:
            case INTEGER: {
                Long v = longValue(p, t);
                if (v == null || (type == LogicalTypeRoot.INTEGER && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE))) {
                    out.typeErrors++;
                    p.skipChildren();
                    return null;
                }
                return type == LogicalTypeRoot.INTEGER ? (Object) v.intValue() : (Object) v;
            }
            case BOOLEAN:
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    return t == JsonToken.VALUE_TRUE;
                }
                if (t == JsonToken.VALUE_STRING && ("true".equalsIgnoreCase(p.getText()) || "false".equalsIgnoreCase(p.getText()))) {
                    return Boolean.parseBoolean(p.getText());
                }
                out.typeErrors++;
                p.skipChildren();
                return null;
            case DOUBLE:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return p.getDoubleValue();
                }
                out.typeErrors++;
                p.skipChildren();
                return null;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE: {
                TimestampData ts = t == JsonToken.VALUE_STRING ? IsoTimestamps.parse(p.getText()) : null;
                if (ts == null) {
                    out.typeErrors++;
                    p.skipChildren();
                }
                return ts;
            }
            default:
                throw new IllegalStateException("unsupported type " + type);
        }
    }

    /** A JSON integer, or a string of decimal digits as Kusto's ingestion converts it; else null. */
    private static Long longValue(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return null;
            }
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            int n = s.length();
            if (n == 0 || n > 20) {
                return null;
            }
            int i = s.charAt(0) == '-' ? 1 : 0;
            if (i == n) {
                return null;
            }
            for (int k = i; k < n; k++) {
                char c = s.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null; // out of range
            }
        }
        return null;
    }

    private static void reject(Result out, RejectReason reason, String detail) {
        out.row = null;
        out.reason = reason;
        out.detail = detail;
    }

    static String shortMessage(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
