package io.cloudexfil.hunt.cli;

import io.cloudexfil.hunt.source.stats.RunStats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTest {

    @Test
    void eventTimesOfOneTableWhenTheOthersHaveNone() {
        // network rows only: the process table reports no earliest/latest (this once unboxed a null)
        Summary.WindowCounts w = Summary.WindowCounts.of(Map.of(
                RunStats.inWindow("DeviceNetworkEvents"), 3L,
                RunStats.earliest("DeviceNetworkEvents"), 1_000L,
                RunStats.latest("DeviceNetworkEvents"), 5_000L));
        assertThat(w.inside()).isEqualTo(3);
        assertThat(w.earliest()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(w.latest()).isEqualTo(Instant.ofEpochMilli(5_000));
        assertThat(Summary.WindowCounts.of(Map.of()).timed()).isFalse();
    }
}
