package io.cloudexfil.hunt.tuning;

/**
 * What an allowlist entry can look at in an alert: its own columns and the context columns every
 * detection's output view carries for tuning (not written to the alert files).
 */
public record AlertFields(String detection, String signal, String deviceId, String deviceName, String accountName,
                          String initiatingProcessFileName, String initiatingProcessFolderPath,
                          String initiatingProcessParentFileName, String folderPath, String processCommandLine,
                          String initiatingProcessCommandLine, String remoteUrl, String signerType,
                          String signatureStatus) {

    /** The alert's own command line: the process's, or for a network or file alert the initiating process's. */
    public String commandLine() {
        return processCommandLine != null ? processCommandLine : initiatingProcessCommandLine;
    }
}
