package io.quorate.cli;

import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.KafkaSettings.KafkaSettingsException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the event stream is read from: {@code --kafka} (required), {@code --kafka-config}, {@code --topic}. */
public final class EventTopicOptions {
    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]", description = "Kafka bootstrap servers.")
    String servers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (TLS, SASL, ...), passed through to the client.")
    Path configFile;

    @Option(names = {"--topic", "--kafka-topic"}, paramLabel = "TOPIC", defaultValue = KafkaSettings.DEFAULT_TOPIC,
            description = "The event topic (default ${DEFAULT-VALUE}).")
    String topic;

    /** The settings; a bad address or config file is a usage error naming the problem. */
    KafkaSettings settings() {
        try {
            return KafkaSettings.fromOptions(servers, configFile);
        } catch (KafkaSettingsException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    String topic() {
        return topic;
    }
}
