package io.cloudexfil.hunt.source.file;

import io.cloudexfil.hunt.source.DefenderTables;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The splits of the files a table reads under the root, listed with {@link InputLayout} (so every
 * layout, hidden-name and partition-pruning rule applies). A watched folder calls it again at each
 * discovery; there a split is a whole file and its id the file's path, unique and stable across
 * restarts. In a backfill a plain (not gzip) file larger than {@link #SPLIT_BYTES} is cut into
 * byte ranges of about that size, so one large file keeps every core busy and the last files do
 * not leave one core reading alone; {@link DefenderLineFormat} reads each range's lines.
 */
public final class LayoutEnumerator implements FileEnumerator {

    static final long SPLIT_BYTES = 64L << 20;

    private final String root;
    private final String table;
    private final Instant from;
    private final Instant to;
    private final boolean lenient;
    /** 0: a split per file. */
    private final long splitBytes;
    private final java.util.Set<String> reported = new java.util.HashSet<>();
    /** The tables the run reads (this one among them): the layout is listed for them. */
    private List<String> runTables = DefenderTables.READ;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LayoutEnumerator.class);

    /** @param watch a watched folder: a split per file (a file may still be growing) */
    public LayoutEnumerator(String root, String table, Instant from, Instant to, boolean watch) {
        this(root, table, from, to, watch, watch ? 0 : SPLIT_BYTES);
    }

    LayoutEnumerator(String root, String table, Instant from, Instant to, boolean lenient, long splitBytes) {
        this.root = root;
        this.table = table;
        this.from = from;
        this.to = to;
        this.lenient = lenient;
        this.splitBytes = splitBytes;
    }

    public LayoutEnumerator readingOnly(List<String> runTables) {
        this.runTables = runTables;
        return this;
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        InputLayout layout = InputLayout.scan(root, from, to, lenient, runTables);
        for (String problem : layout.problems()) {
            if (reported.add(problem)) { // once per folder, not at every discovery
                LOG.warn("{}: not read: {}", root, problem);
            }
        }
        for (InputLayout.DataFile f : layout.files(table)) {
            long size = f.size();
            if (splitBytes <= 0 || size <= splitBytes || f.path().endsWith(".gz")) {
                splits.add(new FileSourceSplit(f.path(), new Path(f.path()), 0, size, 0, size));
                continue;
            }
            long pieces = (size + splitBytes - 1) / splitBytes;
            for (long k = 0; k < pieces; k++) {
                long start = size * k / pieces;
                long end = size * (k + 1) / pieces;
                String id = k == 0 ? f.path() : f.path() + "@" + start;
                splits.add(new FileSourceSplit(id, new Path(f.path()), start, end - start, 0, size));
            }
        }
        return splits;
    }
}
