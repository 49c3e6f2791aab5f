package io.cloudexfil.hunt.source.deadletter;

/** Why a line did not become an event. Every rejected line is counted under one of these. */
public enum RejectReason {
    /** Not parseable as JSON: truncated, garbage, binary. */
    MALFORMED_JSON("malformed_json"),
    /** Valid JSON, but an array or a scalar instead of an object. */
    NOT_AN_OBJECT("not_an_object"),
    /** An object followed by more data on the same line. */
    TRAILING_DATA("trailing_data"),
    /** Nested deeper than the parser allows. */
    TOO_DEEP("too_deeply_nested"),
    /** Longer than the line limit; only its head is kept in the dead letter. */
    LINE_TOO_LONG("line_too_long"),
    /** Timestamp missing or not ISO-8601: the event time is unknown, so no window can hold it. */
    BAD_TIMESTAMP("bad_timestamp"),
    /** A flat row in a mixed file, or a record without category or Type: its table is unknown. */
    UNKNOWN_TABLE("unknown_table"),
    /** A record of one table in a file dedicated to another (a flat folder, a per-table container). */
    TABLE_MISMATCH("table_mismatch"),
    /** A compressed file that ends early: the rows before the damage are kept. */
    TRUNCATED_FILE("truncated_file");

    private final String key;

    RejectReason(String key) {
        this.key = key;
    }

    /** The name used in dead letters, summaries and metrics. */
    public String key() {
        return key;
    }
}
