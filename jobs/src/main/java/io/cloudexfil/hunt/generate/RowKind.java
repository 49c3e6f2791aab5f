package io.cloudexfil.hunt.generate;

/** What a generated row is for. */
enum RowKind {
    /** Ordinary fleet activity: raises no signal. */
    BACKGROUND,
    /** A planted row that must raise the signals its template states. */
    HIT,
    /** A row that resembles a hit but must raise nothing under KQL's rules. */
    NEAR_MISS
}
