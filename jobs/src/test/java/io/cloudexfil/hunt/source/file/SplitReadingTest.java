package io.cloudexfil.hunt.source.file;

import io.cloudexfil.hunt.source.stats.RunStats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large plain file read as byte ranges gives the rows and dead letters of the file read whole:
 * every line read by exactly one range (whatever byte a range starts on: a newline, a CR, the
 * middle of a line), the same line numbers in the dead letters, the file counted once.
 */
class SplitReadingTest {

    static final List<String> NAMES = List.of("Timestamp", "FileName", "ReportId");
    static final List<LogicalType> TYPES = List.of(new LocalZonedTimestampType(7), VarCharType.STRING_TYPE, new BigIntType());
    static final ObjectMapper JSON = new ObjectMapper();

    record Read(List<Long> reportIds, List<String> deadLetters, long files) {
    }

    @Test
    void rangesOfAFileReadItsLinesOnceEach(@TempDir Path dir) throws Exception {
        Path tableDir = Files.createDirectories(dir.resolve("DeviceProcessEvents"));
        Random r = new Random(11);
        StringBuilder sb = new StringBuilder("\uFEFF");
        for (int i = 0; i < 3000; i++) {
            int shape = r.nextInt(40);
            if (shape == 0) {
                sb.append("not json at all");
            } else if (shape == 1) {
                sb.append("   ");
            } else if (shape == 2) {
                sb.append("{\"FileName\":\"no timestamp\",\"ReportId\":").append(i).append('}');
            } else {
                sb.append("{\"Timestamp\":\"2026-11-20T10:00:00Z\",\"FileName\":\"")
                        .append("x".repeat(r.nextInt(r.nextInt(10) == 0 ? 3000 : 80)))
                        .append("\",\"ReportId\":").append(i).append('}');
            }
            sb.append(r.nextInt(8) == 0 ? "\r\n" : "\n");
        }
        sb.append("{\"Timestamp\":\"2026-11-20T10:00:00Z\",\"FileName\":\"last, no newline\",\"ReportId\":9999}");
        Files.writeString(tableDir.resolve("part-0.jsonl"), sb.toString(), StandardCharsets.UTF_8);

        Read whole = read(dir, "whole", 0);
        assertThat(whole.reportIds()).hasSizeGreaterThan(2500).doesNotHaveDuplicates().contains(9999L);
        assertThat(whole.deadLetters()).hasSizeGreaterThan(50);
        assertThat(whole.files()).isEqualTo(1);

        for (long splitBytes : new long[] {997, 4096, 30_001}) {
            Read split = read(dir, "split-" + splitBytes, splitBytes);
            assertThat(split.reportIds()).as("split %d", splitBytes).isEqualTo(whole.reportIds());
            assertThat(split.deadLetters()).as("split %d", splitBytes).isEqualTo(whole.deadLetters());
            assertThat(split.files()).isEqualTo(1);
        }
    }

    @Test
    void aWatchedFolderAndGzipFilesAreNotSplit(@TempDir Path dir) throws Exception {
        Path tableDir = Files.createDirectories(dir.resolve("DeviceProcessEvents"));
        Files.writeString(tableDir.resolve("part-0.jsonl"), "{\"a\":1}\n".repeat(1000));
        assertThat(new LayoutEnumerator(dir.toUri().toString(), "DeviceProcessEvents", null, null, false, 100)
                .enumerateSplits(new org.apache.flink.core.fs.Path[0], 1)).hasSize(80);
        assertThat(new LayoutEnumerator(dir.toUri().toString(), "DeviceProcessEvents", null, null, true)
                .enumerateSplits(new org.apache.flink.core.fs.Path[0], 1)).hasSize(1);
    }

    static Read read(Path root, String name, long splitBytes) throws IOException {
        Path rejected = Files.createDirectories(root.resolve("_out-" + name + "/rejected"));
        String scope = "split-reading-" + name + "-" + java.util.UUID.randomUUID();
        DefenderLineFormat format = new DefenderLineFormat("DeviceProcessEvents", NAMES, TYPES, null,
                rejected.toUri().toString(), scope, root.toUri().toString(), null);
        Collection<FileSourceSplit> splits = new LayoutEnumerator(root.toUri().toString(), "DeviceProcessEvents",
                null, null, false, splitBytes).enumerateSplits(new org.apache.flink.core.fs.Path[0], 1);
        if (splitBytes > 0) {
            assertThat(splits).hasSizeGreaterThan(3);
        }
        List<Long> ids = new ArrayList<>();
        for (FileSourceSplit split : splits) {
            try (BulkFormat.Reader<RowData> reader = format.createReader(new Configuration(), split)) {
                BulkFormat.RecordIterator<RowData> batch;
                while ((batch = reader.readBatch()) != null) {
                    RecordAndPosition<RowData> rec;
                    while ((rec = batch.next()) != null) {
                        ids.add(rec.getRecord().getLong(2));
                    }
                    batch.releaseBatch();
                }
            }
        }
        ids.sort(null);
        List<String> deadLetters = new ArrayList<>();
        try (Stream<Path> files = Files.list(rejected)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode d = JSON.readTree(line);
                    deadLetters.add(d.path("line").asLong() + " " + d.path("reason").asText() + " " + d.path("raw").asText());
                }
            }
        }
        deadLetters.sort(null);
        return new Read(ids, deadLetters, RunStats.of(scope, 0).get(RunStats.files("DeviceProcessEvents")));
    }
}
