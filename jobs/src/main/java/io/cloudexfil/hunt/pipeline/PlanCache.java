package io.cloudexfil.hunt.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Compiled batch plans (Flink's {@code CompiledPlan} JSON) kept in a folder, one file per
 * plan key: a run whose detections, tuning, SQL, configuration and code are those of an earlier
 * run restores that run's plan instead of planning again (parsing, validating and optimising the
 * SQL is most of a small run's time). The key holds nothing a run may change without a new
 * plan: input, output and window reach the plan through the catalog and function instances.
 */
public final class PlanCache {

    private static final Logger LOG = LoggerFactory.getLogger(PlanCache.class);

    /** Plans kept; the least recently used go first. */
    static final int MAX_PLANS = 64;

    private final Path dir;

    public PlanCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The key of a plan: SHA-256 of what it was made from, in hex. */
    public static String key(String description) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(description.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plan stored under the key, if any (a file that cannot be read counts as none). */
    public Optional<String> get(String key) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // recently used
            return Optional.of(json);
        } catch (IOException e) {
            LOG.warn("cannot read the compiled plan {}; planning again", file, e);
            return Optional.empty();
        }
    }

    /**
     * Stores a plan: written beside and moved into place, so a run reading at the same time sees
     * the whole file or none. A folder that cannot be written costs the next run its planning, no more.
     */
    public void put(String key, String json) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            try {
                Files.writeString(tmp, json, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            evictBeyond(MAX_PLANS);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot store the compiled plan in {}; the next run plans again", dir, e);
        }
    }

    /** Removes a plan Flink could not restore (written by another version, say). */
    public void remove(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            LOG.warn("cannot remove the compiled plan {}", file(key), e);
        }
    }

    private void evictBeyond(int max) throws IOException {
        List<Path> plans;
        try (Stream<Path> files = Files.list(dir)) {
            plans = files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(PlanCache::modified).reversed())
                    .toList();
        }
        for (Path old : plans.subList(Math.min(max, plans.size()), plans.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private Path file(String key) {
        return dir.resolve(key + ".json");
    }
}
