package io.quorate.cli;

import io.quorate.events.kafka.KafkaSettings;
import io.quorate.events.kafka.KafkaSettings.KafkaSettingsException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The Kafka options every command that uses Kafka takes: bootstrap servers, a pass-through client config, the topic. */
public final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "HOST:PORT[,HOST:PORT...]", description = "Kafka bootstrap servers.")
    String servers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (TLS, SASL, ...), passed through to the client.")
    Path configFile;

    @Option(names = {"--kafka-topic", "--topic"}, paramLabel = "TOPIC", defaultValue = KafkaSettings.DEFAULT_TOPIC,
            description = "The event topic (default ${DEFAULT-VALUE}).")
    String topic;

    /** The settings, or empty when no {@code --kafka} was given; bad values are a usage error naming the problem. */
    Optional<KafkaSettings> settings() {
        if (servers == null) {
            if (configFile != null) {
                throw new CliException("--kafka-config needs --kafka (the bootstrap servers)", 2);
            }
            return Optional.empty();
        }
        try {
            return Optional.of(KafkaSettings.fromOptions(servers, configFile));
        } catch (KafkaSettingsException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    /** The settings of a command that cannot work without Kafka: no {@code --kafka} is a usage error. */
    KafkaSettings required() {
        return settings().orElseThrow(() -> new CliException("--kafka: this command reads the event topic; name the bootstrap"
                + " servers (HOST:PORT[,HOST:PORT...])", 2));
    }

    String topic() {
        return topic;
    }
}
