package io.quorate.events.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Keeps Kafka's own logging (broker and clients, through slf4j into java.util.logging) at WARN: at
 * INFO a broker start prints thousands of lines and every client dumps its whole configuration. A
 * level set in the logging configuration file wins.
 */
public final class KafkaLogging {
    private static final List<String> NOISY = List.of("kafka", "org.apache.kafka", "state.change.logger");
    // warns once a second while a broker is unreachable; the publisher reports an outage itself
    private static final String RECONNECTS = "org.apache.kafka.clients.NetworkClient";
    // java.util.logging holds loggers weakly: keep them, or the level is lost with the logger
    private static final List<Logger> KEPT = new ArrayList<>();

    private KafkaLogging() {
    }

    public static synchronized void quiet() {
        if (!KEPT.isEmpty()) {
            return;
        }
        for (String name : NOISY) {
            Logger logger = Logger.getLogger(name);
            if (logger.getLevel() == null && LogManager.getLogManager().getProperty(name + ".level") == null) {
                logger.setLevel(Level.WARNING);
            }
            KEPT.add(logger);
        }
        Logger reconnects = Logger.getLogger(RECONNECTS);
        if (reconnects.getLevel() == null && LogManager.getLogManager().getProperty(RECONNECTS + ".level") == null) {
            reconnects.setLevel(Level.SEVERE);
        }
        KEPT.add(reconnects);
    }
}
