/**
 * Reading a Kafka or Azure Event Hubs topic: {@link io.cloudexfil.hunt.source.kafka.KafkaLineDeserializer}
 * takes each message as one line and routes it as a file line is (its dead letters name topic,
 * partition and offset), and {@link io.cloudexfil.hunt.source.kafka.KafkaSettings} reads the client
 * settings that stay off the command line (a properties file, an Event Hubs connection string).
 * Flink's KafkaSource does the rest; the table source builds it. Beside the file reader, not
 * below or above it: the two share only what lies under them.
 */
package io.cloudexfil.hunt.source.kafka;
