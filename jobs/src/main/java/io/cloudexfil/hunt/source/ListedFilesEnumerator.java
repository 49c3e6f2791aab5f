package io.cloudexfil.hunt.source;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.Path;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One split per file of a list fixed at planning time (InputLayout already chose the files). */
final class ListedFilesEnumerator implements FileEnumerator {

    private final List<InputLayout.DataFile> files;

    ListedFilesEnumerator(List<InputLayout.DataFile> files) {
        this.files = files;
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) {
        List<FileSourceSplit> splits = new ArrayList<>(files.size());
        int id = 0;
        for (InputLayout.DataFile f : files) {
            splits.add(new FileSourceSplit(String.valueOf(id++), new Path(f.path()), 0, f.size(), 0, f.size()));
        }
        return splits;
    }
}
