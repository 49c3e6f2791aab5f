package io.cloudexfil.hunt.pipeline;

import org.apache.flink.table.api.Expressions;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Binds a table declared in sql/ to a location: adds connector options (paths, sink parallelism)
 * through the catalog API, as typed key/value pairs, so run-time values never become SQL text.
 */
public final class TableBindings {

    private TableBindings() {}

    /** Sets the allowed out-of-orderness of every watermark the table declares. */
    public static void watermarkDelay(TableEnvironment tEnv, String table, Duration delay) {
        Catalog catalog = catalog(tEnv);
        ObjectPath path = new ObjectPath(tEnv.getCurrentDatabase(), table);
        try {
            CatalogTable existing = (CatalogTable) catalog.getTable(path);
            Schema old = existing.getUnresolvedSchema();
            Schema.Builder schema = Schema.newBuilder().fromColumns(old.getColumns());
            old.getPrimaryKey().ifPresent(pk -> schema.primaryKeyNamed(pk.getConstraintName(), pk.getColumnNames()));
            for (Schema.UnresolvedWatermarkSpec w : old.getWatermarkSpecs()) {
                schema.watermark(w.getColumnName(), Expressions.$(w.getColumnName()).minus(Expressions.lit(delay)));
            }
            catalog.alterTable(path, CatalogTable.newBuilder().schema(schema.build()).comment(existing.getComment())
                    .partitionKeys(existing.getPartitionKeys()).options(existing.getOptions()).build(), false);
        } catch (TableNotExistException e) {
            throw new IllegalStateException("table " + table + " is not declared", e);
        }
    }

    private static Catalog catalog(TableEnvironment tEnv) {
        return tEnv.getCatalog(tEnv.getCurrentCatalog())
                .orElseThrow(() -> new IllegalStateException("no current catalog"));
    }

    public static void bind(TableEnvironment tEnv, String table, Map<String, String> options) {
        Catalog catalog = tEnv.getCatalog(tEnv.getCurrentCatalog())
                .orElseThrow(() -> new IllegalStateException("no current catalog"));
        ObjectPath path = new ObjectPath(tEnv.getCurrentDatabase(), table);
        try {
            CatalogBaseTable existing = catalog.getTable(path);
            if (!(existing instanceof CatalogTable)) {
                throw new IllegalStateException(table + " is not a table");
            }
            Map<String, String> merged = new HashMap<>(existing.getOptions());
            merged.putAll(options);
            catalog.alterTable(path, ((CatalogTable) existing).copy(merged), false);
        } catch (TableNotExistException e) {
            throw new IllegalStateException("table " + table + " is not declared", e);
        }
    }
}
