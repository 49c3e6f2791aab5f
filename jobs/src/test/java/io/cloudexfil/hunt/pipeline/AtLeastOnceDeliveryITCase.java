package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudexfil.hunt.InJvmKafka;
import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.DetectionPack;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.source.DefenderTables;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --delivery at-least-once} to a topic: alerts reach a read_uncommitted consumer with no
 * checkpoint completed after their events (the interval is a day); a job that fails before any checkpoint replays
 * its input, and its alerts come again with the same AlertIds; without those repeats they are
 * batch's alerts over the same messages, AlertIds included.
 */
class AtLeastOnceDeliveryITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

    static final Path EVENTHUBS = TestRepo.root().resolve("test-data/formats/eventhubs_dump");
    /** Flink draws the first checkpoint's delay at random below the interval: a day keeps it out of the test. */
    static final Duration CHECKPOINT = Duration.ofDays(1);

    static KafkaClusterTestKit kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = InJvmKafka.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("defender", 2, (short) 1), new NewTopic("alerts", 1, (short) 1)))
                    .all().get();
        }
    }

    static void produce() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            int i = 0;
            for (String m : Files.readAllLines(EVENTHUBS.resolve("input/eventhub-capture/partition-0.jsonl"))) {
                p.send(new ProducerRecord<>("defender", i++ % 2, null, m.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    static StreamHunt.Options options(Path out) {
        Map<String, String> topics = new HashMap<>();
        DefenderTables.READ.forEach(t -> topics.put(t, "defender"));
        return new StreamHunt.Options(null, out.toString(), HuntWindow.unbounded(), DetectionPack.seed(), 2,
                CHECKPOINT, Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24), null, null, false, false,
                new StreamHunt.KafkaIn(kafka.bootstrapServers(), topics, false, "it-alo", null),
                new StreamHunt.KafkaOut(kafka.bootstrapServers(), "alerts", null))
                .withDelivery(StreamHunt.Delivery.AT_LEAST_ONCE);
    }

    @Test
    void alertsArriveBeforeAnyCheckpointAndRepeatWithTheirIds(@TempDir Path tmp) throws Exception {
        BatchHunt.Result batch = BatchHunt.run(new BatchHunt.Options(EVENTHUBS.resolve("input").toString(),
                tmp.resolve("batch").toString(), HuntWindow.unbounded(), DetectionPack.seed(), 2, null, false, false,
                false, null));
        List<JsonNode> expected = DetectionCase.readJsonLines(Path.of(batch.alertsFile()));
        assertThat(expected).isNotEmpty().allSatisfy(a -> assertThat(a.path("AlertId").asText()).hasSize(32));

        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "reader");
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_uncommitted");
        List<JsonNode> seen = new ArrayList<>();
        Path out = tmp.resolve("out");
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            reader.subscribe(List.of("alerts"));
            JobClient first = StreamHunt.start(options(out)).getJobClient().orElseThrow();
            // Flink may complete a checkpoint as the job starts, whatever the interval: the events come after it
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (checkpoints(out).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long producedAt = System.currentTimeMillis();
            produce();
            readUntil(reader, seen, expected.size());
            long allSeenAt = System.currentTimeMillis();
            assertThat(seen).hasSize(expected.size());
            // no checkpoint completed between the events and their last alert: the alerts did not wait for one
            for (Path chk : checkpoints(out)) {
                long at = Files.getLastModifiedTime(chk).toMillis();
                assertThat(at < producedAt || at > allSeenAt).as("%s completed %d ms after the events were sent, "
                        + "their alerts seen %d ms after", chk, at - producedAt, allSeenAt - producedAt).isTrue();
            }
            first.cancel().get(); // a failure before the first checkpoint: nothing of its input was committed

            // the next run reads the same messages again: the same alerts, the same AlertIds
            JobClient second = StreamHunt.start(options(out)).getJobClient().orElseThrow();
            readUntil(reader, seen, 2 * expected.size());
            second.cancel().get();
        }
        assertThat(seen).hasSize(2 * expected.size());
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        seen.forEach(a -> byId.putIfAbsent(a.path("AlertId").asText(), a));
        assertThat(DetectionCase.canonical(new ArrayList<>(byId.values())))
                .containsExactlyElementsOf(DetectionCase.canonical(expected));
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(
                expected.stream().map(a -> a.path("AlertId").asText()).toList());
    }

    static void readUntil(KafkaConsumer<byte[], byte[]> reader, List<JsonNode> seen, int count) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                seen.add(json.readTree(r.value()));
            }
        }
    }

    /** Completed checkpoints under OUT/_checkpoints/<job>/chk-N. */
    static List<Path> checkpoints(Path out) throws Exception {
        Path root = out.resolve(StreamHunt.CHECKPOINTS_DIR);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata")).toList();
        }
    }
}
