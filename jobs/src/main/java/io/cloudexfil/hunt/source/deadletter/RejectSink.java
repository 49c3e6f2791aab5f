package io.cloudexfil.hunt.source.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The dead letter of one input file: a JSON line per rejected line with the source file, line
 * number, reason, detail and the raw line (its first {@value #RAW_LIMIT} bytes, invalid UTF-8
 * replaced). Created on the first rejection only; written under a hidden name and renamed when
 * the file is done, so a reader of the dead-letter folder never sees half a file.
 */
public final class RejectSink implements AutoCloseable {

    static final int RAW_LIMIT = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dir;
    private final String table;
    private final String sourceFile;
    private final boolean appending;
    private Path tmp;
    private Path target;
    private OutputStream out;

    public RejectSink(String dir, String table, String sourceFile) {
        this(dir, table, sourceFile, false);
    }

    private RejectSink(String dir, String table, String sourceFile, boolean appending) {
        this.dir = dir;
        this.table = table;
        this.sourceFile = sourceFile;
        this.appending = appending;
    }

    /**
     * For a stream with no end (a Kafka partition): a visible file written as rejections come,
     * each line flushed. After a restore, the messages since the checkpoint are read again and
     * their dead letters repeat (at least once); the offset in each line tells repeats apart.
     */
    public static RejectSink appending(String dir, String table, String source) {
        return new RejectSink(dir, table, source, true);
    }

    public void reject(long lineNumber, RejectReason reason, String detail, byte[] buf, int off, int len, boolean truncated)
            throws IOException {
        write(lineNumber, reason.key(), detail, buf, off, len, truncated);
    }

    /** A kept row with values of the wrong type (set to NULL): a dead letter for the record, not a rejection. */
    public void typeError(long lineNumber, String detail, byte[] buf, int off, int len) throws IOException {
        write(lineNumber, TYPE_ERROR, detail, buf, off, len, false);
    }

    /** The reason of a type-error dead letter. */
    static final String TYPE_ERROR = "type_error";

    private void write(long lineNumber, String reason, String detail, byte[] buf, int off, int len, boolean truncated)
            throws IOException {
        if (dir == null) {
            return;
        }
        if (out == null) {
            String base = appending ? sourceFile.replaceAll("[^A-Za-z0-9._-]", "_") : new Path(sourceFile).getName();
            String name = table + "-" + base + "-" + UUID.randomUUID() + ".jsonl";
            target = new Path(dir, name);
            tmp = appending ? target : new Path(dir, "." + name + ".inprogress");
            FileSystem fs = tmp.getFileSystem();
            out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE);
        }
        ObjectNode node = JSON.createObjectNode();
        node.put(appending ? "source" : "file", sourceFile);
        node.put(appending ? "offset" : "line", lineNumber);
        node.put("table", table);
        node.put("reason", reason);
        node.put("detail", detail);
        int shown = Math.min(len, RAW_LIMIT);
        node.put("raw", new String(buf, off, shown, StandardCharsets.UTF_8));
        node.put("raw_truncated", truncated || shown < len);
        out.write(JSON.writeValueAsBytes(node));
        out.write('\n');
        if (appending) {
            out.flush();
        }
    }

    /** A problem with the file itself (a truncated gzip): one dead-letter line, no raw text. */
    public void fileError(long afterLine, String detail) throws IOException {
        reject(afterLine, RejectReason.TRUNCATED_FILE, detail, new byte[0], 0, 0, false);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
            if (appending) {
                return;
            }
            FileSystem fs = tmp.getFileSystem();
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        }
    }
}
