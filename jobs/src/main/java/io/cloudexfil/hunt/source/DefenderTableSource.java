package io.cloudexfil.hunt.source;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * A Defender table read from files under an input root (see {@link InputLayout}). Parses only
 * the columns the query uses (projection push-down).
 */
final class DefenderTableSource implements ScanTableSource, SupportsProjectionPushDown {

    private final String table;
    private final String root;
    private final String rejectedDir;
    private final String statsDir;
    private final Instant pathTimeFrom;
    private final Instant pathTimeTo;
    private DataType producedType;

    DefenderTableSource(String table, String root, String rejectedDir, String statsDir, Instant pathTimeFrom,
                        Instant pathTimeTo, DataType physicalType) {
        this.table = table;
        this.pathTimeFrom = pathTimeFrom;
        this.pathTimeTo = pathTimeTo;
        this.root = root;
        this.rejectedDir = rejectedDir;
        this.statsDir = statsDir;
        this.producedType = physicalType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        InputLayout layout;
        try {
            layout = InputLayout.scan(root, pathTimeFrom, pathTimeTo);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list input " + root, e);
        }
        RowType rowType = (RowType) producedType.getLogicalType();
        List<String> names = new ArrayList<>(rowType.getFieldNames());
        List<LogicalType> types = new ArrayList<>(rowType.getChildren());
        List<InputLayout.DataFile> files = new ArrayList<>(layout.files(table));
        Map<String, String> fileTables = new HashMap<>();
        for (InputLayout.DataFile f : files) {
            if (f.table() != null) {
                fileTables.put(f.path(), f.table());
            }
        }
        DefenderLineFormat format = new DefenderLineFormat(table, names, types,
                context.createTypeInformation(producedType), rejectedDir, statsDir, fileTables);
        FileSource<RowData> source = FileSource.forBulkFileFormat(format, new Path(root))
                .setFileEnumerator(() -> new ListedFilesEnumerator(files))
                .build();
        return SourceProvider.of(new MeteredSource<>(source, format.getProducedType(), table, statsDir));
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        this.producedType = producedDataType;
    }

    @Override
    public DynamicTableSource copy() {
        return new DefenderTableSource(table, root, rejectedDir, statsDir, pathTimeFrom, pathTimeTo, producedType);
    }

    @Override
    public String asSummaryString() {
        return "defender[" + table + "]";
    }
}
