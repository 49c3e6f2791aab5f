package io.cloudexfil.hunt.tuning;

import io.cloudexfil.hunt.functions.Hosts;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * One {@code repeats:} rule of a tuning file: at most one alert per device, signal and key per
 * period; the alert written is the period's first and carries how many it stands for
 * ({@code Repeats}). Periods are aligned to the UTC day, so the same events give the same alerts
 * in batch and in a stream.
 *
 * @param period a multiple of {@link #STEP} that divides a day (the SQL's cumulating window steps
 *               by {@link #STEP} over a day: sql/tuning/repeat_groups.sql)
 */
public record RepeatRule(String id, String reason, Duration period, LocalDate expires, int line,
                         List<String> detections, List<String> signals, List<KeyField> key) implements Serializable {

    /** The step of the window in sql/tuning/repeat_groups.sql: every period is a multiple of it. */
    public static final Duration STEP = Duration.ofMinutes(15);

    /** What an alert's key is made of, beside its device and signal (the rule's {@code key:}). */
    public enum KeyField {
        REMOTE_HOST("remote_host"), REMOTE_URL("remote_url"), REMOTE_IP("remote_ip"), ACCOUNT("account"),
        INITIATING_PROCESS("initiating_process"), INITIATING_PROCESS_COMMAND_LINE("initiating_process_command_line"),
        PROCESS_COMMAND_LINE("process_command_line"), FILE_NAME("file_name"), FOLDER_PATH("folder_path");

        public final String yamlName;

        KeyField(String yamlName) {
            this.yamlName = yamlName;
        }

        public static KeyField of(String name) {
            for (KeyField f : values()) {
                if (f.yamlName.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** The alert's columns a key can be made of. */
    public record Values(String remoteUrl, String remoteIp, String account, String initiatingProcess,
                         String initiatingProcessCommandLine, String processCommandLine, String fileName,
                         String folderPath) {

        String of(KeyField f) {
            return switch (f) {
                case REMOTE_HOST -> Hosts.host(remoteUrl);
                case REMOTE_URL -> remoteUrl;
                case REMOTE_IP -> remoteIp;
                case ACCOUNT -> account;
                case INITIATING_PROCESS -> initiatingProcess;
                case INITIATING_PROCESS_COMMAND_LINE -> initiatingProcessCommandLine;
                case PROCESS_COMMAND_LINE -> processCommandLine;
                case FILE_NAME -> fileName;
                case FOLDER_PATH -> folderPath;
            };
        }
    }

    /** Whether the rule no longer applies on that day (it applies through its {@code expires} date). */
    public boolean expiredOn(LocalDate today) {
        return expires != null && today.isAfter(expires);
    }

    public boolean appliesTo(String detection, String signal) {
        return (detections.isEmpty() || detections.contains(detection))
                && (signals.isEmpty() || signals.contains(signal));
    }

    /**
     * The alert's repeat key under this rule: the rule's id, then each key value (case folded:
     * Defender spells one file name in several cases), separated by a control character no value
     * holds unescaped; a missing value is a value of its own.
     */
    public String keyOf(Values v) {
        StringBuilder b = new StringBuilder(id);
        for (KeyField f : key) {
            String s = v.of(f);
            b.append('\u001f').append(s == null ? "\u0000" : s.toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    /** The rule id a key was made by ({@link #keyOf}). */
    public static String ruleOf(String repeatKey) {
        int end = repeatKey.indexOf('\u001f');
        return end < 0 ? repeatKey : repeatKey.substring(0, end);
    }

    /** Whether a period can be one: a positive multiple of {@link #STEP} that divides a day. */
    public static boolean validPeriod(Duration p) {
        long step = STEP.toMillis();
        long ms = p.toMillis();
        return ms > 0 && ms % step == 0 && Duration.ofDays(1).toMillis() % ms == 0;
    }
}
