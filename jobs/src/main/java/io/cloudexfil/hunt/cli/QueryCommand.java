package io.cloudexfil.hunt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.pipeline.HuntPipeline;
import io.cloudexfil.hunt.source.file.InputLayout;
import io.cloudexfil.kql.SqlScript;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Runs ad-hoc Flink SQL with the KQL functions (has, has_any, in_ci, ...) registered and, with "
                    + "--input, the tables DeviceProcessEvents, DeviceNetworkEvents and DeviceFileEvents over "
                    + "ROOT. The detections' parameters are there too, such as "
                    + "detection_list('CloudStorageDomains'), and url_host, host_in and matched_domain.",
            "",
            "Rows go to stdout as JSON lines, keyed by column name. Several statements may be given, "
                    + "separated by ';': the rows of the last query are printed.",
            "",
            "This is Flink SQL, not KQL: the KQL operators are functions (has(a, 'x'), has_any, "
                    + "kql_contains, in_ci, ...), and Timestamp, a reserved word, is written `Timestamp`. "
                    + "With --from/--to the tables hold only the events of that window, as in batch."
        },
        footerHeading = "%nExample (rclone remotes in an archive):%n",
        footer = {
            "  bin/hunt query \"select FileName, ProcessCommandLine from DeviceProcessEvents",
            "      where has_any(ProcessCommandLine, ARRAY['rclone copy', 'mega:'])\" --input /data/defender"
        })
final class QueryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SQL", description = "Flink SQL statement(s).")
    String sql;

    @Option(names = "--input", paramLabel = "ROOT", description = "Input root whose tables the SQL may read.")
    String input;

    @CommandLine.Mixin
    DetectionOptions detectionOptions = new DetectionOptions();

    @Option(names = "--from", paramLabel = "ISO", converter = TimeArguments.InstantConverter.class,
            description = "Only events at or after this time (ISO-8601, e.g. 2026-11-20T00:00:00Z).")
    Instant from;

    @Option(names = "--to", paramLabel = "ISO", converter = TimeArguments.InstantConverter.class,
            description = "Only events before this time. Needs --from.")
    Instant to;

    @Option(names = "--rejected", paramLabel = "DIR",
            description = "Dead-letter folder for unreadable input lines (default: a temporary folder, reported).")
    String rejected;

    @Override
    public Integer call() throws Exception {
        List<String> statements = SqlScript.split(sql);
        if (statements.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the SQL is empty");
        }
        Configuration conf = HuntPipeline.baseConfiguration(0);
        TableEnvironment tEnv = TableEnvironment.create(
                EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
        HuntPipeline.registerFunctions(tEnv);
        io.cloudexfil.hunt.detection.DetectionPack detections = detectionOptions.pack(spec.commandLine());
        if (to != null && from == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to needs --from");
        }
        if ((from != null) && input == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from needs --input");
        }
        HuntWindow window;
        try {
            window = from == null ? HuntWindow.unbounded() : HuntWindow.between(from, to);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        HuntPipeline.registerParameters(tEnv, detections, window);
        String rejectedDir = rejected;
        if (input != null) {
            InputLayout.scan(input); // a missing root or unknown folder is one clear error, before planning
            if (rejectedDir == null) {
                // made by the first dead letter only
                rejectedDir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                        "hunt-query-rejected-" + java.util.UUID.randomUUID()).toString();
            }
            HuntPipeline.registerTables(tEnv, new HuntPipeline.InputBinding(input, rejectedDir,
                    from == null ? null : window));
            if (from != null) {
                HuntPipeline.keepWindowOnly(tEnv);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> counters = new java.util.TreeMap<>();
        List<String> tables = input == null ? List.of()
                : java.util.Arrays.stream(tEnv.listTables()).filter(t -> !t.startsWith("_")).toList();
        for (int i = 0; i < statements.size(); i++) {
            String statement = statements.get(i);
            TableResult result;
            try {
                result = tEnv.executeSql(statement);
            } catch (RuntimeException e) {
                String hint = QueryErrors.message(statement, e, input != null, tables);
                throw hint == null ? e : new IllegalArgumentException(hint, e);
            }
            try {
                QueryRows.print(result, i == statements.size() - 1, out, json, counters);
            } catch (Exception e) { // at run time: Flink wraps the cause ("Failed to fetch next result")
                throw new IllegalStateException(QueryErrors.rootCause(e), e);
            }
        }
        if (input != null) {
            long rejectedLines = counters.entrySet().stream().filter(e -> e.getKey().startsWith("rejected."))
                    .mapToLong(Map.Entry::getValue).sum();
            if (rejectedLines > 0) {
                spec.commandLine().getErr().printf("hunt query: %d input lines rejected -> %s%n", rejectedLines,
                        new Path(rejectedDir));
            }
        }
        return 0;
    }

    static JsonNode toJson(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return f.numberNode(((Number) v).longValue());
        }
        if (v instanceof Double d) {
            return f.numberNode(d);
        }
        if (v instanceof Float fl) {
            return f.numberNode(fl);
        }
        if (v instanceof BigDecimal bd) {
            return f.numberNode(bd);
        }
        if (v instanceof Instant || v instanceof LocalDateTime || v instanceof LocalDate || v instanceof LocalTime) {
            return f.textNode(v.toString());
        }
        if (v instanceof Object[] arr) {
            ArrayNode a = f.arrayNode();
            for (Object o : arr) {
                a.add(toJson(o));
            }
            return a;
        }
        if (v instanceof Row r) {
            ArrayNode a = f.arrayNode();
            for (int i = 0; i < r.getArity(); i++) {
                a.add(toJson(r.getField(i)));
            }
            return a;
        }
        return f.textNode(v.toString());
    }
}
