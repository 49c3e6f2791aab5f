package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plain topics (bin/hunt stream --topic Table=T) are needed for the tables the detection reads
 * only: DeviceFileEvents, which the product reads and no signal does, needs none. Planning only:
 * no broker is contacted.
 */
class StreamTopicsTest {

    static StreamHunt.Options options(Path out, Map<String, String> topics) {
        return new StreamHunt.Options(null, out.toString(), HuntWindow.unbounded(), io.cloudexfil.hunt.detection.DetectionPack.seed(), 1,
                Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24), null, null,
                false, false, new StreamHunt.KafkaIn("localhost:1", topics, true, "g", null), null);
    }

    @Test
    void theDetectionsTablesNeedATopicAndFileEventsDoesNot(@TempDir Path tmp) throws Exception {
        String plan = StreamHunt.explain(options(tmp.resolve("a"),
                Map.of("DeviceProcessEvents", "p", "DeviceNetworkEvents", "n")));
        assertThat(plan).contains("table=[[default_catalog, default_database, DeviceProcessEvents")
                .contains("table=[[default_catalog, default_database, DeviceNetworkEvents")
                .doesNotContain("DeviceFileEvents");
        // given, it is accepted and not read
        assertThat(StreamHunt.explain(options(tmp.resolve("b"),
                Map.of("DeviceProcessEvents", "p", "DeviceNetworkEvents", "n", "DeviceFileEvents", "f"))))
                .doesNotContain("DeviceFileEvents");
        assertThatThrownBy(() -> StreamHunt.explain(options(tmp.resolve("c"), Map.of("DeviceProcessEvents", "p"))))
                .hasMessageContaining("no topic for DeviceNetworkEvents");
    }
}
