package org.reliablemessaging.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.reliablemessaging.MessageContext;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.internal.MessageValidator;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.ReflectionUtils;

/**
 * Checks a {@code @ReliableListener} method and resolves its settings against the configured
 * defaults; a misdeclared method fails start-up with a message that names it.
 *
 * @param defaults the defaults of what the annotation leaves out
 */
record ListenerEndpointFactory(ListenerSettings defaults) {

    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /**
     * The endpoint of {@code method} on {@code bean}.
     * @param placeholders resolves {@code ${...}} in the topic and group
     * @throws ListenerDeclarationException listing everything wrong with the declaration
     */
    ListenerEndpoint create(Object bean, Method method, ReliableListener annotation, UnaryOperator<String> placeholders) {
        List<String> problems = new ArrayList<>();
        String topic = placeholders.apply(annotation.topic());
        String group = placeholders.apply(annotation.group());
        if (!MessageValidator.isValidTopic(topic)) {
            problems.add("topic '" + topic + "' must be 1 to 249 characters of [A-Za-z0-9._-], and not '.' or '..'");
        }
        if (!GROUP.matcher(group).matches()) {
            problems.add("group '" + group + "' must be 1 to 100 characters of [A-Za-z0-9._-]");
        }
        int payloadIndex = -1;
        int contextIndex = -1;
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == MessageContext.class && contextIndex < 0) {
                contextIndex = i;
            }
            else if (payloadIndex < 0 && parameters[i] != MessageContext.class) {
                payloadIndex = i;
            }
            else {
                problems.add("parameter " + (i + 1) + " (" + parameters[i].getSimpleName() + ") is neither the one payload "
                        + "nor the one MessageContext");
            }
        }
        if (payloadIndex < 0) {
            problems.add("it has no payload parameter; declare one, e.g. on(OrderPlaced event) or on(OrderPlaced "
                    + "event, MessageContext context)");
        }
        int concurrency = orDefault(annotation.concurrency(), defaults.concurrency(), "concurrency", problems);
        int maxAttempts = orDefault(annotation.maxAttempts(), defaults.maxAttempts(), "maxAttempts", problems);
        Duration initialBackoff = backoff(annotation.backoff(), problems);
        if (!problems.isEmpty()) {
            throw new ListenerDeclarationException(method, problems);
        }
        // Listener methods are often package-private, like @EventListener and @Scheduled ones.
        ReflectionUtils.makeAccessible(method);
        return new ListenerEndpoint(bean, method, topic, group, annotation.ordering(), concurrency,
                annotation.idempotent(), maxAttempts, defaults.backoffStartingAt(initialBackoff),
                List.of(annotation.nonRetryable()), defaults.deadLetterExpired(), parameters[payloadIndex], payloadIndex,
                contextIndex);
    }

    private Duration backoff(String text, List<String> problems) {
        if (text.isBlank()) {
            return defaultBackoff();
        }
        try {
            Duration parsed = DurationStyle.detectAndParse(text);
            if (parsed.isNegative() || parsed.isZero()) {
                problems.add("backoff '" + text + "' must be positive");
            }
            return parsed.isNegative() || parsed.isZero() ? defaultBackoff() : parsed;
        }
        catch (IllegalArgumentException ex) {
            problems.add("backoff '" + text + "' is not a duration such as 500ms, 2s or PT1M");
            return defaultBackoff();
        }
    }

    private Duration defaultBackoff() {
        return Duration.ofMillis(defaults.backoff().getInitialInterval());
    }

    private static int orDefault(int value, int fallback, String name, List<String> problems) {
        if (value < 0) {
            problems.add(name + " must not be negative, was " + value);
        }
        return value > 0 ? value : fallback;
    }

}
