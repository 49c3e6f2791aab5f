package io.cloudexfil.hunt.source.file;

import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.source.DefenderTables;
import io.cloudexfil.hunt.source.deadletter.RejectReason;
import io.cloudexfil.hunt.source.deadletter.RejectSink;
import io.cloudexfil.hunt.source.line.LineRouter;
import io.cloudexfil.hunt.source.line.RowParser;
import io.cloudexfil.hunt.source.line.WatermarkMarkers;
import io.cloudexfil.hunt.source.prefilter.LinePrefilter;
import io.cloudexfil.hunt.source.stats.CountersOperator;
import io.cloudexfil.hunt.source.stats.EventTimes;
import io.cloudexfil.hunt.source.stats.MeteredSource;
import io.cloudexfil.hunt.source.stats.RunStats;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one table's rows from JSON-lines files (plain or gzip). A split is a whole file or, for a
 * large plain file in a backfill ({@link LayoutEnumerator}), a byte range of it: the split owns
 * the lines that start in its range, so each line is read by exactly one split. Every line is an
 * event or a counted rejection with a dead-letter record; valid rows of a file are kept whatever
 * else the file holds. A restored split skips the records it had already emitted.
 */
public final class DefenderLineFormat implements BulkFormat<RowData, FileSourceSplit> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 512;
    /** Longest line kept (a 2 MB command line is a valid value; 64 MB is not a row). */
    static final int MAX_LINE_BYTES = 64 << 20;

    private final String table;
    private final List<String> fieldNames;
    private final List<LogicalType> fieldTypes;
    private final TypeInformation<RowData> producedType;
    private final String rejectedDir;
    /** Names this source's counters ({@link RunStats}): the same in the format and its {@link CountersOperator}. */
    private final String countersScope;
    /** The input root: a file's place under it says which table it is dedicated to. */
    private final String root;
    /** Lines that fail it are passed over unparsed; null: every line is parsed. */
    private final LinePrefilter prefilter;
    /** The query's hunt window (null: none): events are counted inside and outside it. */
    private final HuntWindow window;
    /** The tables this run reads, and whether this source owns a mixed file's unrouted lines (null: the default rule). */
    private final List<String> runTables;
    private final Boolean ownsUnrouted;

    public DefenderLineFormat(String table, List<String> fieldNames, List<LogicalType> fieldTypes,
                              TypeInformation<RowData> producedType, String rejectedDir, String countersScope,
                              String root, LinePrefilter prefilter) {
        this(table, fieldNames, fieldTypes, producedType, rejectedDir, countersScope, root, prefilter, null);
    }

    public DefenderLineFormat(String table, List<String> fieldNames, List<LogicalType> fieldTypes,
                              TypeInformation<RowData> producedType, String rejectedDir, String countersScope,
                              String root, LinePrefilter prefilter, HuntWindow window) {
        this(table, fieldNames, fieldTypes, producedType, rejectedDir, countersScope, root, prefilter, window,
                DefenderTables.READ, null);
    }

    /**
     * @param runTables the tables this run reads: the owner counts records of the others as skipped
     * @param ownsUnrouted whether this source reports a mixed file's lines of no table read (null:
     *     {@link LineRouter#owns}' default)
     */
    public DefenderLineFormat(String table, List<String> fieldNames, List<LogicalType> fieldTypes,
                              TypeInformation<RowData> producedType, String rejectedDir, String countersScope,
                              String root, LinePrefilter prefilter, HuntWindow window, List<String> runTables,
                              Boolean ownsUnrouted) {
        this.runTables = List.copyOf(runTables);
        this.ownsUnrouted = ownsUnrouted;
        this.window = window;
        this.table = table;
        this.prefilter = prefilter;
        this.root = root;
        this.fieldNames = fieldNames;
        this.fieldTypes = fieldTypes;
        this.producedType = producedType;
        this.rejectedDir = rejectedDir;
        this.countersScope = countersScope;
    }

    /** Whether passed-over lines give their event time to the watermark ({@link WatermarkMarkers}). */
    private boolean markPassedOver;

    /** A stream's source: lines passed over still move the watermark. */
    public DefenderLineFormat markingPassedOver() {
        this.markPassedOver = prefilter != null && fieldNames.contains(RowParser.TIMESTAMP);
        return this;
    }

    @Override
    public Reader<RowData> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineFileReader(split, 0, MeteredSource.stats(countersScope, config));
    }

    @Override
    public Reader<RowData> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new LineFileReader(split, skip, MeteredSource.stats(countersScope, config));
    }

    @Override
    public boolean isSplittable() {
        return true; // at line starts, plain files only (the enumerator decides)
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    private final class LineFileReader implements Reader<RowData>, LineRouter.Sink {

        private final String path;
        private final InputStream stream;
        private final LineReader lines;
        private final LineRouter router;
        private final RejectSink rejects;
        private RowData[] batch;
        private int n;
        private final Map<String, Long> counts = new TreeMap<>();
        private long emitted;
        private long events;
        private long passedOver;
        private long toSkip;
        private boolean done;
        /** The file offset the reader's stream starts at, and the end of the split in the stream's offsets. */
        private final long streamBase;
        private final long ownedEnd;
        private final Path file;
        /** For a split that does not start the file: the lines before its first one, counted when first needed. */
        private long linesBefore = -1;
        private long firstLineAt;

        private final RunStats stats;
        private final long splitBytes;

        LineFileReader(FileSourceSplit split, long toSkip, RunStats stats) throws IOException {
            this.stats = stats;
            this.splitBytes = split.length();
            this.path = split.path().toString();
            this.file = split.path();
            FileSystem fs = split.path().getFileSystem();
            FSDataInputStream raw = fs.open(split.path());
            boolean gzip = path.endsWith(".gz");
            // a later split starts one byte early: the line that byte ends (or belongs to) is the previous split's
            this.streamBase = gzip || split.offset() == 0 ? 0 : split.offset() - 1;
            if (streamBase > 0) {
                raw.seek(streamBase);
            }
            this.ownedEnd = gzip ? Long.MAX_VALUE : split.offset() + split.length() - streamBase;
            this.stream = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            this.lines = new LineReader(stream, MAX_LINE_BYTES);
            if (streamBase > 0) {
                done = !lines.next(); // the end of the previous split's last line
                firstLineAt = streamBase + lines.position();
            }
            this.rejects = new RejectSink(rejectedDir, table, path);
            String fileTable = InputLayout.tableOfPath(root, path);
            boolean owner = LineRouter.owns(table, fileTable, ownsUnrouted, runTables);
            this.router = new LineRouter(table, new RowParser(fieldNames, fieldTypes), fileTable, owner, prefilter,
                    runTables);
            if (markPassedOver) {
                router.timingPassedOver();
            }
            this.toSkip = toSkip;
            this.emitted = toSkip;
        }

        @Override
        public RecordIterator<RowData> readBatch() throws IOException {
            if (done) {
                return null;
            }
            batch = new RowData[BATCH];
            n = 0;
            long firstSkipCount = emitted;
            while (n < BATCH) {
                if (!nextLine() || lines.lineStart() >= ownedEnd) {
                    done = true; // the next line starts in the next split
                    break;
                }
                if (lines.truncated()) {
                    reject(RejectReason.LINE_TOO_LONG, "longer than " + MAX_LINE_BYTES + " bytes", true);
                    continue;
                }
                if (isBlank(lines.lineBuffer(), lines.lineOffset(), lines.lineLength())) {
                    continue; // blank lines are not rows
                }
                router.route(lines.lineBuffer(), lines.lineOffset(), lines.lineLength(), lines.text(), this);
            }
            flushPassedOver(); // the batch's last lines passed over: the watermark moves without a row
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<RowData> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, firstSkipCount);
            return it;
        }

        @Override
        public void row(org.apache.flink.table.data.GenericRowData row) {
            row(row, null);
        }

        @Override
        public void row(org.apache.flink.table.data.GenericRowData row, TimestampData eventTime) {
            flushPassedOver(); // the lines passed over before this row go first: the same watermark as if parsed
            if (toSkip > 0) {
                toSkip--; // emitted before the checkpoint this split was restored from
                return;
            }
            EventTimes.count(counts, table, window, eventTime);
            events++;
            add(row);
        }

        /** The latest event time of the lines passed over since the last row or marker (null: none). */
        private TimestampData passedOverTime;

        /**
         * A marker of the lines passed over, counted in the split's position like a row (the same
         * lines give the same markers again), so a restored split skips it as it skips rows.
         */
        private void flushPassedOver() {
            RowData marker = WatermarkMarkers.of(fieldNames.size(), fieldNames.indexOf(RowParser.TIMESTAMP), passedOverTime);
            passedOverTime = null;
            if (marker == null) {
                return;
            }
            if (toSkip > 0) {
                toSkip--;
                return;
            }
            add(marker);
        }

        private void add(RowData row) {
            if (n == batch.length) {
                batch = java.util.Arrays.copyOf(batch, n * 2); // an Event Hubs line can hold many records
            }
            batch[n++] = row;
            emitted++;
        }

        @Override
        public void reject(RejectReason reason, String detail) {
            try {
                reject(reason, detail, false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the dead letter of " + path, e);
            }
        }

        private boolean nextLine() throws IOException {
            try {
                return lines.next();
            } catch (EOFException | ZipException e) {
                // a damaged gzip: the rows before the damage stand, the file counts one error
                counts.merge(RunStats.fileErrors(table), 1L, Long::sum);
                counts.merge(RunStats.rejected(table, RejectReason.TRUNCATED_FILE), 1L, Long::sum);
                rejects.fileError(lineNumber(), "compressed file is damaged or truncated: " + e.getMessage());
                return false;
            }
        }

        private void reject(RejectReason reason, String detail, boolean truncated) throws IOException {
            count(RunStats.rejected(table, reason));
            rejects.reject(lineNumber(), reason, detail, lines.lineBuffer(), lines.lineOffset(),
                    lines.lineLength(), truncated);
        }

        /** The current line's number in its file (a split past the file's start counts the lines before it once). */
        private long lineNumber() throws IOException {
            if (streamBase == 0) {
                return lines.lineNumber();
            }
            if (linesBefore < 0) {
                linesBefore = countNewlines(file, firstLineAt);
            }
            return linesBefore + lines.lineNumber() - 1; // the reader's first line was the previous split's
        }

        @Override
        public void count(String key) {
            counts.merge(key, 1L, Long::sum);
        }

        @Override
        public void typeErrors(List<String> columns) {
            if (toSkip > 0) {
                return; // its row was emitted (and its dead letter written) before the checkpoint
            }
            try {
                rejects.typeError(lineNumber(), "value of the wrong type, set to NULL: " + String.join(", ", columns),
                        lines.lineBuffer(), lines.lineOffset(), lines.lineLength());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the dead letter of " + path, e);
            }
        }

        @Override
        public void passedOver() {
            passedOver++;
        }

        @Override
        public void passedOver(TimestampData latest) {
            passedOver++;
            passedOverTime = WatermarkMarkers.later(passedOverTime, latest);
        }

        @Override
        public void close() throws IOException {
            try {
                stream.close();
            } finally {
                rejects.close();
                if (streamBase == 0) {
                    counts.merge(RunStats.files(table), 1L, Long::sum); // a file's first split counts it
                }
                if (events > 0) {
                    counts.merge(RunStats.events(table), events, Long::sum);
                }
                if (passedOver > 0) {
                    counts.merge(RunStats.unparsed(table), passedOver, Long::sum);
                }
                if (done) {
                    counts.merge(RunStats.bytes(table), splitBytes, Long::sum); // read to its end
                }
                stats.add(counts);
            }
        }
    }

    /**
     * Per file (path, size, modification time): newlines counted before some offsets, so that the
     * ranges of a file with bad lines in many of them count from the nearest offset already known
     * instead of each from the file's start.
     */
    private static final Map<String, NavigableMap<Long, Long>> NEWLINES_BEFORE =
            new ConcurrentHashMap<>();

    /** The newlines in the first {@code bytes} bytes of a plain file. */
    static long countNewlines(Path file, long bytes) throws IOException {
        FileSystem fs = file.getFileSystem();
        FileStatus status = fs.getFileStatus(file);
        NavigableMap<Long, Long> known = NEWLINES_BEFORE.computeIfAbsent(
                file + "|" + status.getLen() + "|" + status.getModificationTime(),
                k -> new ConcurrentSkipListMap<>());
        Map.Entry<Long, Long> from = known.floorEntry(bytes);
        long start = from == null ? 0 : from.getKey();
        long count = from == null ? 0 : from.getValue();
        try (FSDataInputStream in = fs.open(file)) {
            in.seek(start);
            byte[] b = new byte[1 << 16];
            long left = bytes - start;
            while (left > 0) {
                int n = in.read(b, 0, (int) Math.min(b.length, left));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    count += b[i] == '\n' ? 1 : 0;
                }
                left -= n;
            }
        }
        known.put(bytes, count);
        return count;
    }

    private static boolean isBlank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
