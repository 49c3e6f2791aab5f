package io.cloudexfil.hunt.tuning;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tuning file's {@code repeats:} rules as two SQL functions (sql/tuning/keyed_alerts.sql): the
 * rules are data held by the function instances, never SQL text.
 * <ul>
 *   <li>{@code repeat_key(Detection, Signal, RemoteUrl, RemoteIP, AccountName,
 *   InitiatingProcessFileName, InitiatingProcessCommandLine, ProcessCommandLine, FileName,
 *   FolderPath) -> STRING}: the key of the first rule that applies to the alert, or NULL;</li>
 *   <li>{@code repeat_period_end(AlertTime, RepeatKey) -> TIMESTAMP(3)}: the end of the period the
 *   alert falls in under that key's rule (UTC wall time, the type of a window's end).</li>
 * </ul>
 */
public final class RepeatKey {

    private RepeatKey() {}

    /** {@code repeat_key}. */
    public static class Key extends ScalarFunction {
        private static final long serialVersionUID = 1L;
        private final List<RepeatRule> rules;

        /** @param today the run's day: rules that expired before it do not apply */
        public Key(List<RepeatRule> all, LocalDate today) {
            this.rules = all.stream().filter(r -> !r.expiredOn(today)).toList();
        }

        public String eval(String detection, String signal, String remoteUrl, String remoteIp, String account,
                           String initiatingProcess, String initiatingProcessCommandLine, String processCommandLine,
                           String fileName, String folderPath) {
            for (RepeatRule r : rules) {
                if (r.appliesTo(detection, signal)) {
                    return r.keyOf(new RepeatRule.Values(remoteUrl, remoteIp, account, initiatingProcess,
                            initiatingProcessCommandLine, processCommandLine, fileName, folderPath));
                }
            }
            return null;
        }
    }

    /** {@code repeat_period_end}. */
    public static class PeriodEnd extends ScalarFunction {
        private static final long serialVersionUID = 1L;
        private final Map<String, Long> periodMillis = new HashMap<>();

        public PeriodEnd(List<RepeatRule> rules) {
            for (RepeatRule r : rules) {
                periodMillis.put(r.id(), r.period().toMillis());
            }
        }

        public @DataTypeHint("TIMESTAMP(3)") LocalDateTime eval(
                @DataTypeHint("TIMESTAMP_LTZ(3)") Instant alertTime, String repeatKey) {
            if (alertTime == null || repeatKey == null) {
                return null;
            }
            Long p = periodMillis.get(RepeatRule.ruleOf(repeatKey));
            if (p == null) {
                return null;
            }
            long end = Math.floorDiv(alertTime.toEpochMilli(), p) * p + p;
            return LocalDateTime.ofEpochSecond(Math.floorDiv(end, 1000), (int) Math.floorMod(end, 1000) * 1_000_000,
                    ZoneOffset.UTC);
        }
    }
}
