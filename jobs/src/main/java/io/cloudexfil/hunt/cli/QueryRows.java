package io.cloudexfil.hunt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudexfil.hunt.source.stats.RunStats;

import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * Prints a query's rows as JSON lines and collects its input counters. Apart from
 * {@link QueryCommand}, whose methods name no Flink table type: the command line is parsed (by
 * picocli, reflecting on every command's methods) where Flink's table API is not on the class path.
 */
final class QueryRows {

    private QueryRows() {}

    static void print(TableResult result, boolean last, PrintWriter out, ObjectMapper json,
                              Map<String, Long> counters) throws Exception {
        if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT && last) {
            List<String> columns = result.getResolvedSchema().getColumnNames();
            try (CloseableIterator<Row> rows = result.collect()) {
                while (rows.hasNext()) {
                    Row row = rows.next();
                    ObjectNode node = json.createObjectNode();
                    for (int c = 0; c < columns.size(); c++) {
                        node.set(columns.get(c), QueryCommand.toJson(row.getField(c)));
                    }
                    out.println(json.writeValueAsString(node));
                }
            }
        } else {
            result.await();
        }
        if (result.getJobClient().isPresent()) { // the input counters travel with the job
            RunStats.fromAccumulators(result.getJobClient().get().getJobExecutionResult().get()
                    .getAllAccumulatorResults()).forEach((k, v) -> counters.merge(k, v, (a, b) -> RunStats.merge(k, a, b)));
        }
    }

}
