package io.cloudexfil.hunt.tuning;

import org.apache.flink.metrics.Counter;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code allowlist_entry(Detection, Signal, DeviceId, ...) -> STRING}: the id of the first
 * allowlist entry that suppresses the alert, or NULL (sql/tuning/checked_alerts.sql). The entries
 * are the tuning file's, minus those expired on the run's day; each match counts as a job metric
 * (group {@code cloudexfil}, variable {@code entry}, counter {@code suppressed}).
 */
public class AllowlistEntry extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private final List<AllowEntry> entries;
    private transient Map<String, Counter> counters;

    /** @param today the run's day: entries that expired before it do not apply */
    public AllowlistEntry(List<AllowEntry> all, LocalDate today) {
        this.entries = all.stream().filter(e -> !e.expiredOn(today)).toList();
    }

    @Override
    public void open(FunctionContext context) {
        counters = new HashMap<>();
        for (AllowEntry e : entries) {
            counters.put(e.id(), context.getMetricGroup().addGroup("cloudexfil").addGroup("entry", e.id()).counter("suppressed"));
        }
    }

    public String eval(String detection, String signal, String deviceId, String deviceName, String accountName,
                       String initiatingProcessFileName, String initiatingProcessFolderPath,
                       String initiatingProcessParentFileName, String processFolderPath, String processCommandLine,
                       String initiatingProcessCommandLine, String remoteUrl, String signerType, String signatureStatus) {
        if (entries.isEmpty()) {
            return null;
        }
        AlertFields a = new AlertFields(detection, signal, deviceId, deviceName, accountName, initiatingProcessFileName,
                initiatingProcessFolderPath, initiatingProcessParentFileName, processFolderPath, processCommandLine,
                initiatingProcessCommandLine, remoteUrl, signerType, signatureStatus);
        for (AllowEntry e : entries) {
            if (e.matches(a)) {
                if (counters != null) {
                    counters.get(e.id()).inc();
                }
                return e.id();
            }
        }
        return null;
    }

    @Override
    public boolean isDeterministic() {
        return true;
    }
}
