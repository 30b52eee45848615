package io.quorate.events.kafka;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 access to the shared {@link KafkaTestBroker}: {@code @ExtendWith(KafkaBrokerExtension.class)}
 * and take an {@link EmbeddedKafkaBroker} or {@link KafkaSettings} parameter.
 */
public final class KafkaBrokerExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafkaBroker.class || type == KafkaSettings.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafkaBroker.class ? KafkaTestBroker.get() : KafkaTestBroker.settings();
    }
}
