package org.reliablemessaging.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties.Transport;
import org.reliablemessaging.spi.transport.MessageSender;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * The rule that picks the transport, in one place: the property when set, otherwise the only
 * transport whose client libraries are on the classpath.
 *
 * <p>Start-up fails, naming the property, when it names a transport whose libraries are missing,
 * or when it is unset and more than one transport is present (unless the application defines its own
 * {@link MessageSender}): a relay without a sender would go unnoticed. An application's own
 * sender replaces only ours; the transport's listener side still applies.
 */
class OnTransportCondition extends SpringBootCondition implements ConfigurationCondition {

    static final String PROPERTY = "reliable-messaging.transport";

    private static final Map<Transport, List<String>> REQUIRED_CLASSES = Map.of(
            Transport.KAFKA, List.of("org.apache.kafka.clients.producer.KafkaProducer",
                    "org.springframework.kafka.core.DefaultKafkaProducerFactory",
                    "org.springframework.boot.kafka.autoconfigure.KafkaProperties"),
            Transport.RABBIT, List.of("com.rabbitmq.client.Channel",
                    "org.springframework.amqp.rabbit.core.RabbitTemplate",
                    "org.springframework.boot.amqp.autoconfigure.RabbitProperties"),
            Transport.FILE, List.of("org.reliablemessaging.broker.embedded.FileBroker"));

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        // Application beans are registered by then, so a MessageSender of their own can be seen.
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var attributes = Objects.requireNonNull(metadata.getAnnotationAttributes(
                ConditionalOnTransport.class.getName()), "this condition is only used through @ConditionalOnTransport");
        Transport wanted = (Transport) Objects.requireNonNull(attributes.get("value"),
                "@ConditionalOnTransport has a value");
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnTransport.class, wanted);
        Transport configured = Binder.get(context.getEnvironment()).bind(PROPERTY, Transport.class).orElse(null);
        if (configured != null) {
            if (!isPresent(configured, context.getClassLoader())) {
                throw new IllegalStateException(PROPERTY + "=" + configured + " but its client libraries are not on the"
                        + " classpath (missing one of " + REQUIRED_CLASSES.get(configured) + ")");
            }
            return new ConditionOutcome(configured == wanted, message.because(PROPERTY + "=" + configured));
        }
        List<Transport> present = Arrays.stream(Transport.values())
                .filter(transport -> isPresent(transport, context.getClassLoader()))
                .toList();
        if (present.size() > 1) {
            if (definesMessageSender(context)) {
                // The application sends its own way; the client libraries are there for other reasons.
                return ConditionOutcome.noMatch(message.because("several transports are present, " + PROPERTY
                        + " is unset and the application defines its own MessageSender"));
            }
            throw new IllegalStateException("Reliable Messaging found the client libraries of several transports "
                    + present + " on the classpath: set " + PROPERTY + " to one of them");
        }
        return new ConditionOutcome(present.equals(List.of(wanted)),
                message.because(PROPERTY + " is unset and the transports on the classpath are " + present));
    }

    private static boolean isPresent(Transport transport, @Nullable ClassLoader classLoader) {
        return Objects.requireNonNull(REQUIRED_CLASSES.get(transport), () -> "no required classes for " + transport)
                .stream().allMatch(name -> ClassUtils.isPresent(name, classLoader));
    }

    private static boolean definesMessageSender(ConditionContext context) {
        return context.getBeanFactory() != null
                && context.getBeanFactory().getBeanNamesForType(MessageSender.class, true, false).length > 0;
    }
}
