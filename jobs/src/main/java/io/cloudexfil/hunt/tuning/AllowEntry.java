package io.cloudexfil.hunt.tuning;

import io.cloudexfil.hunt.functions.Hosts;
import io.cloudexfil.kql.HasAny;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * One allowlist entry of a tuning file: why it exists, until when, and the conjunction of
 * conditions an alert must meet to be suppressed by it (each condition: any of its values). An
 * entry without conditions is refused when the file is read: it would silence a whole signal.
 */
public record AllowEntry(String id, String reason, LocalDate expires, int line, List<String> detections,
                         List<String> signals, List<Pattern> device, List<Pattern> deviceName,
                         List<Pattern> account, List<Pattern> initiatingProcess,
                         List<Pattern> initiatingProcessFolder, List<Pattern> parentProcess,
                         List<Pattern> processFolder, List<String> commandLineHas, List<String> remoteHost,
                         List<Pattern> signer, List<Pattern> signatureStatus) implements Serializable {

    /** Whether the entry no longer applies on that day (it applies through its {@code expires} date). */
    public boolean expiredOn(LocalDate today) {
        return expires != null && today.isAfter(expires);
    }

    /** The number of conditions beside detections/signals; at least one is required. */
    int conditions() {
        int n = 0;
        for (List<?> l : List.of(device, deviceName, account, initiatingProcess, initiatingProcessFolder,
                parentProcess, processFolder, commandLineHas, remoteHost, signer, signatureStatus)) {
            n += l.isEmpty() ? 0 : 1;
        }
        return n;
    }

    public boolean matches(AlertFields a) {
        return (detections.isEmpty() || detections.contains(a.detection()))
                && (signals.isEmpty() || signals.contains(a.signal()))
                && any(device, a.deviceId())
                && any(deviceName, a.deviceName())
                && any(account, a.accountName())
                && any(initiatingProcess, a.initiatingProcessFileName())
                && any(initiatingProcessFolder, a.initiatingProcessFolderPath())
                && any(parentProcess, a.initiatingProcessParentFileName())
                && any(processFolder, a.folderPath())
                && (commandLineHas.isEmpty() || new HasAny().eval(a.commandLine(), commandLineHas.toArray(String[]::new)))
                && (remoteHost.isEmpty() || hostIn(a.remoteUrl()))
                && any(signer, a.signerType())
                && any(signatureStatus, a.signatureStatus());
    }

    private static boolean any(List<Pattern> patterns, String value) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matches(value)) {
                return true;
            }
        }
        return false;
    }

    private boolean hostIn(String url) {
        String host = Hosts.host(url);
        if (host == null) {
            return false;
        }
        for (String d : remoteHost) {
            if (Hosts.within(host, Hosts.domain(d))) {
                return true;
            }
        }
        return false;
    }
}
