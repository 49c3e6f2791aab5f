package io.cloudexfil.hunt.tuning;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tuning file, read and checked ({@link TuningFile}): parameter values that replace a
 * detection's defaults, additions to and removals from its lists, allowlist entries, and the rules
 * that fold repeated alerts into one per period.
 *
 * @param sha256 the file's checksum, logged and written to the summary: every alert is traceable
 *               to one version of the file
 */
public record Tuning(Path file, String sha256, Map<String, Located<Object>> replace,
                     Map<String, Located<ListChange>> lists, List<AllowEntry> allowlist,
                     List<RepeatRule> repeats) implements Serializable {

    /** A value and the line it was read from. */
    public record Located<T>(T value, int line) implements Serializable {}

    /** Values to add to and remove from a shipped list. */
    public record ListChange(List<String> add, List<String> remove) implements Serializable {}

    /** "FILE:LINE: message", the form of every error about this file. */
    public String at(int line, String message) {
        return file + ":" + line + ": " + message;
    }
}
