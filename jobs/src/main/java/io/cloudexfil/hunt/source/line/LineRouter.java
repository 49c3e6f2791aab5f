package io.cloudexfil.hunt.source.line;

import io.cloudexfil.hunt.source.DefenderTables;
import io.cloudexfil.hunt.source.deadletter.RejectReason;
import io.cloudexfil.hunt.source.prefilter.LineMatcher;
import io.cloudexfil.hunt.source.prefilter.LinePrefilter;
import io.cloudexfil.hunt.source.stats.RunStats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import org.apache.flink.table.data.GenericRowData;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Recognises the shape of a line and hands this table's rows to the parser
 * (sql/tables/README.md §8):
 * <ul>
 *   <li>a flat Advanced Hunting row: its table is the file's (flat folders, per-table containers);
 *   <li>a Defender streaming-API envelope {@code {"category":"AdvancedHunting-<Table>","properties":{row}}}:
 *       the event time is {@code properties.Timestamp}, not the envelope's {@code time};
 *   <li>a Sentinel / Log Analytics row with {@code Type} (and {@code TimeGenerated}, {@code TenantId});
 *   <li>an Event Hubs message {@code {"records":[envelope or Sentinel row, ...]}}.
 * </ul>
 * Records of other tables are skipped: counted here when no source of this run reads them, left to
 * their own table's source when it reads the same file (mixed files are read by every table the
 * run reads).
 */
public final class LineRouter {

    static final String CATEGORY_PREFIX = "AdvancedHunting-";

    /** Receives what a line yields. */
    public interface Sink {
        void row(GenericRowData row);

        /** A row and its event time ({@code Timestamp}, or a Sentinel row's {@code TimeGenerated}). */
        default void row(GenericRowData row, org.apache.flink.table.data.TimestampData eventTime) {
            row(row);
        }

        void reject(RejectReason reason, String detail);

        void count(String key);

        /** The line was passed over unparsed by the prefilter. */
        void passedOver();

        /** The same, with the latest event time of the line's rows (null: not read, or none). */
        default void passedOver(org.apache.flink.table.data.TimestampData latest) {
            passedOver();
        }

        /** The line's row is kept, with these columns NULL: their values had the wrong type. */
        default void typeErrors(java.util.List<String> columns) {}
    }

    private final String table;
    private final RowParser parser;
    private final String fileTable;
    private final boolean owner;
    /** The tables this run reads: records of the others are counted as skipped by the owner. */
    private final java.util.Set<String> runTables;
    private final RowParser.Result result = new RowParser.Result();
    private final LineMatcher prefilter;
    /** Reads only the event time of a line passed over (for a stream's watermark); null: not read. */
    private LineRouter timeOnly;
    /** The same time from the bytes, for the lines it is sure of (most): {@link #timeOnly} does the rest. */
    private LineTimes lineTimes;

    /**
     * @param fileTable the table a file is dedicated to (flat folder, per-table container), or null
     *     for a mixed file read by every table's source
     * @param owner whether this source reports the line-level problems of the file (exactly one
     *     source does, so a mixed file's bad line is counted once)
     */
    public LineRouter(String table, RowParser parser, String fileTable, boolean owner) {
        this(table, parser, fileTable, owner, null);
    }

    /** @param prefilter lines it passes over are counted and not parsed; null parses every line */
    public LineRouter(String table, RowParser parser, String fileTable, boolean owner, LinePrefilter prefilter) {
        this(table, parser, fileTable, owner, prefilter, DefenderTables.READ);
    }

    /** @param runTables the tables this run's sources read (this one among them) */
    public LineRouter(String table, RowParser parser, String fileTable, boolean owner, LinePrefilter prefilter,
                      java.util.Collection<String> runTables) {
        this.runTables = new java.util.HashSet<>(runTables);
        this.runTables.add(table);
        this.table = table;
        this.prefilter = prefilter == null ? null : prefilter.matcher();
        this.parser = parser;
        this.fileTable = fileTable;
        this.owner = owner;
    }

    /**
     * Lines passed over still give their event time (a parse of no column: the row's time is read
     * anyway), so that a stream's watermark moves with every event of the table.
     */
    public LineRouter timingPassedOver() {
        if (prefilter != null) {
            timeOnly = new LineRouter(table, new RowParser(java.util.List.of(), java.util.List.of()), fileTable, false,
                    null, runTables);
            lineTimes = new LineTimes(table, fileTable);
        }
        return this;
    }

    /** The latest event time of this table's rows in a passed-over line: from its bytes if sure, else routed. */
    private org.apache.flink.table.data.TimestampData passedOverTime(byte[] buf, int off, int len, String text) {
        org.apache.flink.table.data.TimestampData t = lineTimes.latest(buf, off, len);
        return t != LineTimes.UNSURE ? t : timeOnly.eventTime(buf, off, len, text);
    }

    /** The latest event time of this table's rows in a line; null if none or the line is bad (full parsing rejects it). */
    private org.apache.flink.table.data.TimestampData eventTime(byte[] buf, int off, int len, String text) {
        org.apache.flink.table.data.TimestampData[] latest = new org.apache.flink.table.data.TimestampData[1];
        route(buf, off, len, text, new Sink() {
            @Override
            public void row(GenericRowData row) {}

            @Override
            public void row(GenericRowData row, org.apache.flink.table.data.TimestampData eventTime) {
                latest[0] = WatermarkMarkers.later(latest[0], eventTime);
            }

            @Override
            public void reject(RejectReason reason, String detail) {}

            @Override
            public void count(String key) {}

            @Override
            public void passedOver() {}
        });
        return latest[0];
    }

    public void route(byte[] buf, int off, int len, Sink sink) {
        route(buf, off, len, null, sink);
    }

    /** @param text the buffer as Latin-1 text (as the file reader keeps each block it reads), or null: the prefilter searches it */
    public void route(byte[] buf, int off, int len, String text, Sink sink) {
        if (prefilter != null && prefilter.passesOver(buf, off, len, text)) {
            // no row of this line can pass the query's filter
            sink.passedOver(timeOnly == null ? null : passedOverTime(buf, off, len, text));
            return;
        }
        try {
            routeValid(buf, off, len, sink, false);
        } catch (CharConversionException e) {
            repair(buf, off, len, sink);
        } catch (StreamConstraintsException e) {
            lineReject(sink, RejectReason.TOO_DEEP, e.getOriginalMessage());
        } catch (IOException e) {
            if (isUtf8Error(e)) {
                repair(buf, off, len, sink);
            } else {
                lineReject(sink, RejectReason.MALFORMED_JSON, RowParser.shortMessage(e));
            }
        }
    }

    private static boolean isUtf8Error(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("UTF-8");
    }

    /** Invalid UTF-8 becomes U+FFFD and the line is read again; its rows count as repaired. */
    private void repair(byte[] buf, int off, int len, Sink sink) {
        byte[] fixed = new String(buf, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        try {
            routeValid(fixed, 0, fixed.length, sink, true);
        } catch (StreamConstraintsException e) {
            lineReject(sink, RejectReason.TOO_DEEP, e.getOriginalMessage());
        } catch (IOException e) {
            lineReject(sink, RejectReason.MALFORMED_JSON, RowParser.shortMessage(e));
        }
    }

    /** The keys of an object that say what it is, with the byte ranges of its nested parts. */
    private static final class Keys {
        int propertiesStart = -1;
        int propertiesEnd = -1;
        int[] records;
        int recordCount;
        String category;
        String type;
    }

    /**
     * Reads the members of the object whose START_OBJECT was just read, keeping what identifies its
     * shape and skipping everything else unread. Returns the token that ended the members.
     */
    private static JsonToken scanKeys(JsonParser p, Keys k, boolean allowRecords) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            t = p.nextToken();
            if (name.equals("properties") && t == JsonToken.START_OBJECT) {
                k.propertiesStart = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                k.propertiesEnd = (int) p.currentLocation().getByteOffset();
            } else if (allowRecords && name.equals("records") && t == JsonToken.START_ARRAY) {
                k.records = new int[16];
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new IOException("records array not closed");
                    }
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getByteOffset();
                    if (k.recordCount * 2 + 2 > k.records.length) {
                        k.records = java.util.Arrays.copyOf(k.records, k.records.length * 2);
                    }
                    k.records[k.recordCount * 2] = t == JsonToken.START_OBJECT ? start : -1; // -1: not an object
                    k.records[k.recordCount * 2 + 1] = end;
                    k.recordCount++;
                }
            } else if (name.equals("category") && t == JsonToken.VALUE_STRING) {
                k.category = p.getText();
            } else if (name.equals("Type") && t == JsonToken.VALUE_STRING) {
                k.type = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return t;
    }

    private void routeValid(byte[] buf, int off, int len, Sink sink, boolean repaired) throws IOException {
        Keys k = new Keys();
        try (JsonParser p = RowParser.FACTORY.createParser(buf, off, len)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                lineReject(sink, RejectReason.MALFORMED_JSON, "empty");
                return;
            }
            if (t != JsonToken.START_OBJECT) {
                lineReject(sink, RejectReason.NOT_AN_OBJECT, t == JsonToken.START_ARRAY ? "a JSON array" : "a JSON scalar");
                return;
            }
            if (scanKeys(p, k, true) != JsonToken.END_OBJECT) {
                lineReject(sink, RejectReason.MALFORMED_JSON, "object not closed");
                return;
            }
            if (p.nextToken() != null) {
                lineReject(sink, RejectReason.TRAILING_DATA, "data after the object");
                return;
            }
        }
        if (k.records != null) {
            for (int r = 0; r < k.recordCount; r++) {
                int start = k.records[r * 2];
                if (start < 0) {
                    lineReject(sink, RejectReason.NOT_AN_OBJECT, "a record of 'records' is not an object");
                    continue;
                }
                routeRecord(buf, off + start, k.records[r * 2 + 1] - start, sink, repaired);
            }
        } else if (!routeByKeys(k, buf, off, len, sink, repaired)) {
            if (fileTable != null) {
                routeTo(fileTable, buf, off, len, false, sink, repaired);
            } else if (owner) {
                sink.reject(RejectReason.UNKNOWN_TABLE, "a flat row outside a table folder: its table is unknown");
            }
        }
    }

    /** One element of an Event Hubs {@code records} array: an envelope or a Sentinel row. */
    private void routeRecord(byte[] buf, int off, int len, Sink sink, boolean repaired) throws IOException {
        Keys k = new Keys();
        try (JsonParser p = RowParser.FACTORY.createParser(buf, off, len)) {
            p.nextToken();
            scanKeys(p, k, false);
        }
        if (!routeByKeys(k, buf, off, len, sink, repaired) && owner) {
            sink.reject(RejectReason.UNKNOWN_TABLE, "a record without category/properties or Type");
        }
    }

    /** An envelope goes by its category, a Sentinel row by its Type; false if the object is neither. */
    private boolean routeByKeys(Keys k, byte[] buf, int off, int len, Sink sink, boolean repaired) {
        if (k.category != null && k.propertiesStart >= 0) {
            routeTo(tableOfCategory(k.category), buf, off + k.propertiesStart, k.propertiesEnd - k.propertiesStart,
                    false, sink, repaired);
            return true;
        }
        if (k.type != null) {
            routeTo(k.type, buf, off, len, true, sink, repaired);
            return true;
        }
        return false;
    }

    private void routeTo(String recordTable, byte[] buf, int off, int len, boolean sentinel, Sink sink, boolean repaired) {
        if (recordTable.equals(table)) {
            parser.parse(buf, off, len, result, sentinel);
            if (result.typeErrors > 0) {
                for (int i = 0; i < result.typeErrors; i++) {
                    sink.count(RunStats.typeErrors(table));
                }
            }
            if (result.row == null) {
                sink.reject(result.reason, result.detail);
                return;
            }
            if (repaired) {
                sink.count(RunStats.repairedUtf8(table));
            }
            if (!result.typeErrorColumns.isEmpty()) {
                sink.typeErrors(result.typeErrorColumns);
            }
            sink.row(result.row, result.eventTime);
            return;
        }
        if (fileTable != null && DefenderTables.isRead(recordTable)) {
            // a file dedicated to one table holds another table's record: no other source reads it
            sink.reject(RejectReason.TABLE_MISMATCH, "a " + recordTable + " record in a " + fileTable + " file");
        } else if (owner && !runTables.contains(recordTable)) {
            sink.count(RunStats.skippedRecords(recordTable));
        }
    }

    /**
     * Whether a table's source reports the line-level problems of a file and counts the records no
     * source of the run reads. A file dedicated to one table: that table's source (the only one
     * reading it). A mixed file or topic: the source the pipeline names ({@code explicit}), else the
     * first table of {@link DefenderTables#READ} the run reads.
     *
     * @param fileTable the table the file or topic is dedicated to, or null if mixed
     * @param explicit the connector's {@code owns-unrouted-lines}, or null when not set
     */
    public static boolean owns(String table, String fileTable, Boolean explicit, java.util.Collection<String> runTables) {
        if (fileTable != null) {
            return fileTable.equals(table);
        }
        if (explicit != null) {
            return explicit;
        }
        for (String t : DefenderTables.READ) {
            if (t.equals(table) || runTables.contains(t)) {
                return t.equals(table);
            }
        }
        return false;
    }

    private void lineReject(Sink sink, RejectReason reason, String detail) {
        if (owner) {
            sink.reject(reason, detail);
        }
    }

    static String tableOfCategory(String category) {
        return category.regionMatches(true, 0, CATEGORY_PREFIX, 0, CATEGORY_PREFIX.length())
                ? category.substring(CATEGORY_PREFIX.length()) : category;
    }
}
