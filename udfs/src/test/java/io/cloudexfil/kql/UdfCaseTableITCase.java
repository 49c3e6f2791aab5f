package io.cloudexfil.kql;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the conformance case table through SQL on a MiniCluster, with the functions registered by
 * {@code sql/functions.sql} itself: once with the arguments as columns, once as SQL literals
 * (constant arrays, the varargs form, NULL literals).
 */
class UdfCaseTableITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension();

    static TableEnvironment tEnv;
    static List<UdfCase> cases;

    @BeforeAll
    static void setUp() throws IOException {
        tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        for (String statement : SqlScript.split(resource("/sql/functions.sql"))) {
            tEnv.executeSql(statement);
        }
        cases = UdfCase.load();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = UdfCaseTableITCase.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyCaseWithColumnArguments(@TempDir Path dir) throws Exception {
        // The cases as typed JSON rows (text, needle, needles in their own columns), read by
        // Flink's filesystem source: arrays with NULL elements and empty arrays arrive as data.
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (UdfCase c : cases) {
            ObjectNode row = mapper.createObjectNode();
            row.put("id", c.id());
            row.put("fn", c.fn());
            row.put("txt", c.text());
            row.put("needle", c.needle());
            if (c.needles() != null) {
                ArrayNode arr = row.putArray("needles");
                c.needles().forEach(arr::add);
            }
            lines.add(mapper.writeValueAsString(row));
        }
        Files.write(dir.resolve("cases.json"), lines, StandardCharsets.UTF_8);
        tEnv.createTemporaryTable("UdfCases", TableDescriptor.forConnector("filesystem")
                .schema(Schema.newBuilder()
                        .column("id", DataTypes.STRING())
                        .column("fn", DataTypes.STRING())
                        .column("txt", DataTypes.STRING())
                        .column("needle", DataTypes.STRING())
                        .column("needles", DataTypes.ARRAY(DataTypes.STRING()))
                        .build())
                .option("path", dir.toUri().toString())
                .format("json")
                .build());
        Map<String, Boolean> actual = collect(resource("/udf-cases-as-columns.sql"));
        assertAll(actual, cases);
    }

    @Test
    void everyCaseWithLiteralArguments() throws Exception {
        // Each case becomes one literal call, a column of a one-row SELECT (100 columns a job).
        List<UdfCase> literal = cases.stream()
                .filter(c -> !c.arrayArg() || (c.needles() != null && !c.needles().isEmpty()))
                .collect(Collectors.toList());
        Map<String, Boolean> actual = new HashMap<>();
        for (int from = 0; from < literal.size(); from += 100) {
            List<UdfCase> chunk = literal.subList(from, Math.min(literal.size(), from + 100));
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < chunk.size(); i++) {
                UdfCase c = chunk.get(i);
                sql.append(i == 0 ? "" : ",\n  ").append(c.fn()).append("(").append(sqlLiteral(c.text())).append(", ");
                if (c.arrayArg()) {
                    // the array form for even rows, the varargs form for odd rows
                    String elements = c.needles().stream().map(UdfCaseTableITCase::sqlLiteral)
                            .collect(Collectors.joining(", "));
                    sql.append((from + i) % 2 == 0 ? "ARRAY[" + elements + "]" : elements);
                } else {
                    sql.append(sqlLiteral(c.needle()));
                }
                sql.append(")");
            }
            try (CloseableIterator<Row> it = tEnv.executeSql(sql.toString()).collect()) {
                Row row = it.next();
                for (int i = 0; i < chunk.size(); i++) {
                    actual.put(chunk.get(i).id(), (Boolean) row.getField(i));
                }
            }
        }
        assertAll(actual, literal);
        assertThat(literal.size()).isGreaterThan(cases.size() / 2);
    }

    /** A SQL string literal for a test value; NULL as a typed NULL. Test-only. */
    static String sqlLiteral(String s) {
        return s == null ? "CAST(NULL AS STRING)" : "'" + s.replace("'", "''") + "'";
    }

    static Map<String, Boolean> collect(String sql) throws Exception {
        Map<String, Boolean> out = new HashMap<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                out.put((String) r.getField(0), (Boolean) r.getField(1));
            }
        }
        return out;
    }

    static void assertAll(Map<String, Boolean> actual, List<UdfCase> expected) {
        assertThat(actual).hasSize(expected.size());
        for (UdfCase c : expected) {
            assertThat(actual.get(c.id())).as(c.toString()).isEqualTo(c.expectedFunctionValue());
        }
    }
}
