package io.cloudexfil.hunt.pipeline;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;

/** Finds the checkpoint to resume from: a chk-N folder, or the newest one under a folder of them. */
public final class Checkpoints {

    private Checkpoints() {}

    /**
     * @param path a completed checkpoint ({@code chk-N} with {@code _metadata}), a job's checkpoint
     *     folder, or the checkpoints root ({@code OUT/_checkpoints}) holding one folder per job
     * @return the newest completed checkpoint at or under {@code path}
     */
    public static String latest(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem();
        if (!fs.exists(p)) {
            throw new IllegalArgumentException("--restore " + path + " does not exist");
        }
        Best best = new Best();
        search(fs, p, 0, best);
        if (best.path == null) {
            throw new IllegalArgumentException("no completed checkpoint (chk-N/_metadata) under " + path);
        }
        return best.path.toString();
    }

    /**
     * The newest completed checkpoint an earlier stream left under {@code OUT/_checkpoints}, or
     * null when it holds none (a new output, or a stream stopped before its first checkpoint).
     */
    public static String ofEarlierRun(String output) throws IOException {
        Path dir = new Path(output, StreamHunt.CHECKPOINTS_DIR);
        FileSystem fs = dir.getFileSystem();
        if (!fs.exists(dir)) {
            return null;
        }
        Best best = new Best();
        search(fs, dir, 0, best);
        return best.path == null ? null : best.path.toString();
    }

    private static final class Best {
        Path path;
        long modified = Long.MIN_VALUE;
        long number = -1;
    }

    private static void search(FileSystem fs, Path dir, int depth, Best best) throws IOException {
        if (fs.exists(new Path(dir, "_metadata"))) {
            long n = number(dir.getName());
            long modified = fs.getFileStatus(new Path(dir, "_metadata")).getModificationTime();
            if (modified > best.modified || (modified == best.modified && n > best.number)) {
                best.path = dir;
                best.modified = modified;
                best.number = n;
            }
            return;
        }
        if (depth >= 2) {
            return;
        }
        FileStatus[] children = fs.listStatus(dir);
        if (children == null) {
            return;
        }
        for (FileStatus c : children) {
            if (c.isDir()) {
                search(fs, c.getPath(), depth + 1, best);
            }
        }
    }

    private static long number(String name) {
        try {
            return name.startsWith("chk-") ? Long.parseLong(name.substring(4)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
