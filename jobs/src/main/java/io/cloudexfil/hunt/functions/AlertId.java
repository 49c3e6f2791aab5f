package io.cloudexfil.hunt.functions;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@code alert_id(Detection, Signal, DeviceId, ReportId, Timestamp) -> STRING}: an alert's stable
 * id, the same in batch, in a stream and after a restore, so a consumer of at-least-once output
 * can drop repeats. It is the lower-case hex of the first 16 bytes of SHA-256 over the five values
 * in that order, each as UTF-8 text preceded by its byte length (4 bytes, big-endian), a NULL as
 * the 4 bytes {@code FF FF FF FF} alone; ReportId in decimal, Timestamp as the alert writes it (UTC,
 * seven fraction digits, {@link DefenderTimestamp}). The length prefix keeps a value that contains
 * any separator from colliding with another split of the same text.
 */
public class AlertId extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public String eval(String detection, String signal, String deviceId, Long reportId,
                       @DataTypeHint("TIMESTAMP_LTZ(9)") Instant timestamp) {
        return of(detection, signal, deviceId, reportId, timestamp);
    }

    public static String of(String detection, String signal, String deviceId, Long reportId, Instant timestamp) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java runtime has SHA-256
        }
        for (String v : new String[] {detection, signal, deviceId, reportId == null ? null : reportId.toString(),
                DefenderTimestamp.format(timestamp)}) {
            if (v == null) {
                sha.update(new byte[] {-1, -1, -1, -1});
            } else {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
                sha.update(b);
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
