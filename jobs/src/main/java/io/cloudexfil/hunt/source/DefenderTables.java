package io.cloudexfil.hunt.source;

import java.util.List;
import java.util.Set;

/** Names of Defender Advanced Hunting tables: the ones this product reads and the ones it skips. */
public final class DefenderTables {

    private DefenderTables() {}

    /** Tables with a DDL under sql/tables. */
    public static final List<String> READ = List.of("DeviceProcessEvents", "DeviceNetworkEvents");

    /** Other Advanced Hunting tables: their folders and records are skipped and counted, not errors. */
    public static final Set<String> KNOWN_OTHERS = Set.of(
            "DeviceFileEvents", "DeviceEvents", "DeviceLogonEvents", "DeviceRegistryEvents",
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
}
