package io.cloudexfil.hunt.generate;

import java.io.IOException;
import java.util.SplittableRandom;

/** One table's row writer. */
interface RowSource {

    /** Writes one row at {@code tick} (100 ns since midnight); returns the signal bits it must raise. */
    int write(long tick, RowKind kind) throws IOException;

    /** The table's random stream (also used to place hits and near misses). */
    SplittableRandom random();
}
