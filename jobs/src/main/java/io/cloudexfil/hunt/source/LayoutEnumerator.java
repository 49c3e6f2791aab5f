package io.cloudexfil.hunt.source;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One split per file a table reads under the root, listed with {@link InputLayout} (so every
 * layout, hidden-name and partition-pruning rule applies). A watched folder calls it again at each
 * discovery; the split id is the file's path, unique and stable across restarts.
 */
final class LayoutEnumerator implements FileEnumerator {

    private final String root;
    private final String table;
    private final Instant from;
    private final Instant to;
    private final boolean lenient;

    LayoutEnumerator(String root, String table, Instant from, Instant to, boolean lenient) {
        this.root = root;
        this.table = table;
        this.from = from;
        this.to = to;
        this.lenient = lenient;
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (InputLayout.DataFile f : InputLayout.scan(root, from, to, lenient).files(table)) {
            splits.add(new FileSourceSplit(f.path(), new Path(f.path()), 0, f.size(), 0, f.size()));
        }
        return splits;
    }
}
