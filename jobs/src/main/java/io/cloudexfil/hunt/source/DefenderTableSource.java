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

import java.util.ArrayList;
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
    private DataType producedType;

    DefenderTableSource(String table, String root, String rejectedDir, String statsDir, DataType physicalType) {
        this.table = table;
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
            layout = InputLayout.scan(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list input " + root, e);
        }
        RowType rowType = (RowType) producedType.getLogicalType();
        List<String> names = new ArrayList<>(rowType.getFieldNames());
        List<LogicalType> types = new ArrayList<>(rowType.getChildren());
        DefenderLineFormat format = new DefenderLineFormat(table, names, types,
                context.createTypeInformation(producedType), rejectedDir, statsDir);
        List<InputLayout.DataFile> files = new ArrayList<>(layout.files(table));
        FileSource<RowData> source = FileSource.forBulkFileFormat(format, new Path(root))
                .setFileEnumerator(() -> new ListedFilesEnumerator(files))
                .build();
        return SourceProvider.of(source);
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
        return new DefenderTableSource(table, root, rejectedDir, statsDir, producedType);
    }

    @Override
    public String asSummaryString() {
        return "defender[" + table + "]";
    }
}
