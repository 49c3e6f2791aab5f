package io.cloudexfil.hunt.pipeline;

import io.cloudexfil.hunt.MiniClusters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudexfil.hunt.InJvmKafka;
import io.cloudexfil.hunt.TestRepo;
import io.cloudexfil.hunt.detection.Detection;
import io.cloudexfil.hunt.functions.HuntWindow;
import io.cloudexfil.hunt.source.DefenderTables;

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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Kafka broker in this JVM (KRaft, one combined node). Event Hubs-shaped messages
 * ({@code {"records":[...]}}, tables mixed) go in; alerts come out to files and, transactionally,
 * to a topic read back with a plain read_committed consumer.
 */
class KafkaStreamITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

    static KafkaClusterTestKit kafka;
    static final Path EVENTHUBS = TestRepo.root().resolve("test-data/formats/eventhubs_dump");

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = InJvmKafka.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("defender", 2, (short) 1), new NewTopic("alerts", 1, (short) 1),
                    new NewTopic("defender-2", 1, (short) 1))).all().get();
        }
        // the Event Hubs dump, one message per line, plus a message that is not JSON
        List<String> messages = new ArrayList<>(Files.readAllLines(
                EVENTHUBS.resolve("input/eventhub-capture/partition-0.jsonl")));
        messages.add("this is not json");
        produce("defender", messages);
        produce("defender-2", messages);
    }

    static void produce(String topic, List<String> messages) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            int i = 0;
            for (String m : messages) {
                p.send(new ProducerRecord<>(topic, i++ % (topic.equals("defender") ? 2 : 1), null,
                        m.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    static StreamHunt.Options options(Path out, String topic, StreamHunt.KafkaOut kafkaOut) {
        Map<String, String> topics = new HashMap<>();
        DefenderTables.READ.forEach(t -> topics.put(t, topic));
        return new StreamHunt.Options(null, out.toString(), HuntWindow.unbounded(), io.cloudexfil.hunt.detection.DetectionPack.seed(), 2,
                Duration.ofMillis(500), Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24), null, null,
                false, true, new StreamHunt.KafkaIn(kafka.bootstrapServers(), topics, false, "it-" + topic + "-" + out.getFileName(), null),
                kafkaOut);
    }

    static List<String> expected() {
        return DetectionCase.canonical(DetectionCase.readJsonLines(EVENTHUBS.resolve("expected.jsonl")));
    }

    @Test
    void eventHubsMessagesToAlertFiles(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        StreamHunt.start(options(out, "defender", null)).await();
        assertThat(DetectionCase.canonical(StreamParityITCase.committedAlerts(out))).containsExactlyElementsOf(expected());
        // the message that is not JSON is counted once and dead-lettered with its offset
        List<JsonNode> dead = new ArrayList<>();
        try (Stream<Path> files = Files.list(out.resolve("_rejected"))) {
            for (Path f : files.toList()) {
                dead.addAll(DetectionCase.readJsonLines(f));
            }
        }
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).path("source").asText()).startsWith("kafka:defender/");
        assertThat(dead.get(0).path("reason").asText()).isEqualTo("malformed_json");
    }

    @Test
    void alertsToATopicTransactionally(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        StreamHunt.start(options(out, "defender-2", new StreamHunt.KafkaOut(kafka.bootstrapServers(), "alerts", null))).await();
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "reader");
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        List<JsonNode> alerts = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("alerts"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (alerts.size() < expected().size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    alerts.add(json.readTree(r.value()));
                }
            }
            // nothing more arrives: no duplicates behind the expected ones
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(2))) {
                alerts.add(json.readTree(r.value()));
            }
        }
        assertThat(DetectionCase.canonical(alerts)).containsExactlyElementsOf(expected());
    }
}
