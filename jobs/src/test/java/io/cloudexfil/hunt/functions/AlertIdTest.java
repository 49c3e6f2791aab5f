package io.cloudexfil.hunt.functions;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AlertIdTest {

    static final Instant T = Instant.parse("2026-11-20T22:40:00.25Z");

    static String id() {
        return AlertId.of("exfiltration_cloud_storage", "CloudSyncTool", "a1b2c3d4e5f6", 12345L, T);
    }

    @Test
    void aKnownVectorThatAConsumerCanRecompute() {
        // README's definition, computed apart: sha256 of (len, utf8) per value, "2026-11-20T22:40:00.2500000Z"
        assertThat(id()).isEqualTo("06211f1e7b1ef7473b9ccbc669fabac7");
        assertThat(AlertId.of("exfiltration_cloud_storage", "LargeCloudUpload", "a1b2c3d4e5f6", null, T))
                .isEqualTo("39c503d29ee0e28cae4101747acdaca9");
    }

    @Test
    void theSameInputsGiveTheSameIdWhateverTheInstantsForm() {
        assertThat(id()).isEqualTo(id()).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(AlertId.of("exfiltration_cloud_storage", "CloudSyncTool", "a1b2c3d4e5f6", 12345L,
                Instant.parse("2026-11-20T23:40:00.2500000+01:00"))).isEqualTo(id());
        assertThat(new AlertId().eval("exfiltration_cloud_storage", "CloudSyncTool", "a1b2c3d4e5f6", 12345L, T)).isEqualTo(id());
    }

    @Test
    void anyOneValueChangedGivesAnotherId() {
        Set<String> ids = new HashSet<>(List.of(id(),
                AlertId.of("renamed_rclone", "CloudSyncTool", "a1b2c3d4e5f6", 12345L, T),
                AlertId.of("exfiltration_cloud_storage", "CloudApiUpload", "a1b2c3d4e5f6", 12345L, T),
                AlertId.of("exfiltration_cloud_storage", "CloudSyncTool", "a1b2c3d4e5f7", 12345L, T),
                AlertId.of("exfiltration_cloud_storage", "CloudSyncTool", "a1b2c3d4e5f6", 12346L, T),
                AlertId.of("exfiltration_cloud_storage", "CloudSyncTool", "a1b2c3d4e5f6", 12345L, T.plusNanos(100)),
                AlertId.of("exfiltration_cloud_storage", "CloudSyncTool", "a1b2c3d4e5f6", null, T),
                AlertId.of("exfiltration_cloud_storage", "CloudSyncTool", null, 12345L, T)));
        assertThat(ids).hasSize(8);
    }

    @Test
    void aSeparatorInAValueCannotMimicAnotherSplit() {
        // the same characters end to end, split differently between the values
        assertThat(AlertId.of("a|b", "c", "d", 1L, T)).isNotEqualTo(AlertId.of("a", "b|c", "d", 1L, T));
        assertThat(AlertId.of("ab", "c", "d", 1L, T)).isNotEqualTo(AlertId.of("a", "bc", "d", 1L, T));
        assertThat(AlertId.of("a", "", "d", 1L, T)).isNotEqualTo(AlertId.of("a", null, "d", 1L, T));
    }
}
