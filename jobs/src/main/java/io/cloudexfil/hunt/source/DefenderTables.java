package io.cloudexfil.hunt.source;

import java.util.List;
import java.util.Set;

/** Names of Defender Advanced Hunting tables: the ones this product reads and the ones it skips. */
public final class DefenderTables {

    private DefenderTables() {}

    /**
     * Tables with a DDL under sql/tables, in a fixed order: in a mixed file, the first of them that a
     * run reads reports the lines that belong to no table (see {@code LineRouter.owns}).
     */
    public static final List<String> READ = List.of("DeviceProcessEvents", "DeviceNetworkEvents", "DeviceFileEvents");

    /** Other Advanced Hunting tables: their folders and records are skipped and counted, not errors. */
    public static final Set<String> KNOWN_OTHERS = Set.of(
            "DeviceEvents", "DeviceLogonEvents", "DeviceRegistryEvents",
            "DeviceImageLoadEvents", "DeviceInfo", "DeviceNetworkInfo", "DeviceFileCertificateInfo",
            "AlertInfo", "AlertEvidence", "EmailEvents", "EmailAttachmentInfo", "EmailUrlInfo",
            "EmailPostDeliveryEvents", "IdentityLogonEvents", "IdentityQueryEvents",
            "IdentityDirectoryEvents", "IdentityInfo", "CloudAppEvents", "UrlClickEvents");

    /** Every known table name, read or not. */
    public static List<String> all() {
        java.util.List<String> out = new java.util.ArrayList<>(READ);
        out.addAll(new java.util.TreeSet<>(KNOWN_OTHERS));
        return out;
    }

    public static boolean isRead(String name) {
        return READ.contains(name);
    }

    public static boolean isKnown(String name) {
        return READ.contains(name) || KNOWN_OTHERS.contains(name);
    }

    /**
     * The tables of {@link #READ} that a run reads, in READ's order.
     *
     * @throws IllegalArgumentException for a name that is not a table this product reads, or none
     */
    public static List<String> runTables(java.util.Collection<String> tables) {
        for (String t : tables) {
            if (!isRead(t)) {
                throw new IllegalArgumentException("not a table this product reads: '" + t + "' (tables: "
                        + String.join(", ", READ) + ")");
            }
        }
        List<String> out = READ.stream().filter(tables::contains).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("a run reads at least one of " + String.join(", ", READ));
        }
        return out;
    }
}
