package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import com.fasterxml.jackson.databind.JsonNode;

import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parity: every detection case runs in streaming (same SQL files, streaming runtime, checkpoints,
 * the exactly-once file sink) and gives the case's golden alert multiset. DetectionGoldenITCase
 * runs every case in batch with the same options against the same golden alerts, so the two
 * runtimes agree case by case without this class running batch a second time.
 */
class StreamParityITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

    @TempDir
    static Path tmp;

    /** Committed stream output: visible part files only (in-progress files are hidden). */
    static List<JsonNode> committedAlerts(Path out) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        Path dir = out.resolve(StreamHunt.ALERTS_DIR);
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                all.addAll(DetectionCase.readJsonLines(f));
            }
        }
        return all;
    }

    static StreamHunt.Options bounded(String input, Path out, HuntWindow window) {
        return bounded(input, out, window, DetectionPack.seed());
    }

    static StreamHunt.Options bounded(String input, Path out, HuntWindow window, DetectionPack detections) {
        return new StreamHunt.Options(input, out.toString(), window, detections, 2,
                Duration.ofMillis(500), Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24),
                null, null, false, true);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGivesItsGoldenAlertsInStreaming() {
        List<DetectionCase> cases = DetectionCase.everyCase();
        assertThat(cases).isNotEmpty();
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.detection() + "/" + c.name(), () -> {
                    Path streamOut = tmp.resolve("stream-" + c.detection() + "-" + c.name());
                    StreamHunt.start(bounded(c.dir().toString(), streamOut, c.window(), c.pack())).await();
                    List<String> stream = DetectionCase.canonical(committedAlerts(streamOut));
                    assertThat(stream).as("stream vs golden").containsExactlyElementsOf(DetectionCase.canonical(c.expected()));
                }));
    }
}
