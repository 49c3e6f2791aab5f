package io.cloudexfil.hunt.source.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka client settings from places that are not the command line: a properties file, and for
 * Azure Event Hubs the connection string in the environment. Values are never logged or printed.
 *
 * <p>Event Hubs speaks the Kafka protocol on port 9093: bootstrap {@code <namespace>.servicebus.windows.net:9093},
 * {@code security.protocol=SASL_SSL}, {@code sasl.mechanism=PLAIN}, user {@code $ConnectionString},
 * password the namespace (or hub) connection string. Setting {@value #EVENTHUBS_ENV} fills these in.
 */
public final class KafkaSettings {

    public static final String EVENTHUBS_ENV = "EVENTHUBS_CONNECTION_STRING";

    private KafkaSettings() {}

    /** The properties of {@code file} (may be null), plus Event Hubs SASL settings from the environment. */
    public static Properties load(String file, Map<String, String> env) {
        Properties props = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read Kafka configuration " + file + ": " + e.getClass().getSimpleName());
            }
        }
        String connection = env.get(EVENTHUBS_ENV);
        if (connection != null && !connection.isBlank()) {
            props.putIfAbsent("security.protocol", "SASL_SSL");
            props.putIfAbsent("sasl.mechanism", "PLAIN");
            props.putIfAbsent("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "username=\"$ConnectionString\" password=\"" + connection.replace("\\", "\\\\").replace("\"", "\\\"") + "\";");
        }
        return props;
    }
}
