package org.reliablemessaging.listener;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.HeldKeys;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.testservices.AdvancingClock;
import org.springframework.util.ReflectionUtils;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A listener never handles a message past its {@code rm-expires-at}: it dead-letters it. */
class ListenerMessageProcessorExpiryTests {

    private final AdvancingClock clock = new AdvancingClock();

    private final List<FailedMessage> deadLetters = new CopyOnWriteArrayList<>();

    private final Handler handler = new Handler();

    static class Handler {

        final List<String> handled = new CopyOnWriteArrayList<>();

        /** Runs before the handler returns; a failure thrown here fails the attempt. */
        volatile Runnable during = () -> {
        };

        @ReliableListener(topic = "orders", group = "inventory", maxAttempts = 3, backoff = "1ms")
        void on(String payload) {
            handled.add(payload);
            during.run();
        }
    }

    @Test
    void aMessageReceivedAfterItsExpiryIsDeadLetteredAtOnceWithoutBeingHandled() throws InterruptedException {
        Instant expiry = clock.instant().minusSeconds(1);
        InboundMessage message = message(expiry.toString());

        processor(true).process(message, new Semaphore(1));

        assertThat(handler.handled).isEmpty();
        FailedMessage letter = singleDeadLetter();
        assertThat(letter.error()).isInstanceOf(MessageExpiredException.class)
            .hasMessageStartingWith("expired at " + expiry)
            .hasMessageContaining("received at " + message.receivedAt());
        assertThat(letter.attempts()).isZero();
    }

    @Test
    void aMessageBeforeItsExpiryIsHandled() throws InterruptedException {
        processor(true).process(message(clock.instant().plus(Duration.ofHours(1)).toString()), new Semaphore(1));

        assertThat(handler.handled).containsExactly("payload");
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aMessageThatExpiresWhileRetriedIsDeadLetteredInsteadOfAnotherAttempt() throws InterruptedException {
        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        handler.during = () -> {
            clock.advance(Duration.ofHours(2));
            throw new IllegalStateException("stock service busy");
        };

        processor(true).process(message(expiry.toString()), new Semaphore(1));

        assertThat(handler.handled).hasSize(1);
        FailedMessage letter = singleDeadLetter();
        assertThat(letter.error()).isInstanceOf(MessageExpiredException.class)
            .hasMessageStartingWith("expired at " + expiry);
        assertThat(letter.attempts()).isEqualTo(1);
    }

    @Test
    void withTheCheckOffAnExpiredMessageIsHandled() throws InterruptedException {
        processor(false).process(message(clock.instant().minusSeconds(1).toString()), new Semaphore(1));

        assertThat(handler.handled).containsExactly("payload");
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aMalformedExpiryIsDeadLetteredAtOnceAsADefect() throws InterruptedException {
        processor(true).process(message("tomorrow at noon"), new Semaphore(1));

        assertThat(handler.handled).isEmpty();
        FailedMessage letter = singleDeadLetter();
        assertThat(letter.error()).isInstanceOf(UnconvertibleMessageException.class)
            .hasMessageStartingWith("malformed rm-expires-at header 'tomorrow at noon'");
        assertThat(letter.attempts()).isZero();
    }

    private FailedMessage singleDeadLetter() {
        assertThat(deadLetters).hasSize(1);
        return deadLetters.get(0);
    }

    private ListenerMessageProcessor processor(boolean deadLetterExpired) {
        ReliableMessagingProperties.Listener defaults = new ReliableMessagingProperties.Listener();
        defaults.setDeadLetterExpired(deadLetterExpired);
        Method method = ReflectionUtils.findMethod(Handler.class, "on", String.class);
        ListenerEndpoint endpoint = new ListenerEndpointFactory(defaults.toSettings()).create(handler, method,
                method.getAnnotation(ReliableListener.class), text -> text);
        return new ListenerMessageProcessor(endpoint, new PayloadConverter(JsonMapper.builder().build(), String.class),
                null, deadLetters::add, ListenerMetrics.NONE, HandlerObservations.NONE, HeldKeys.NONE, ListenerOutcomes.NONE,
                clock);
    }

    private static InboundMessage message(String expiresAt) {
        Map<String, String> headers = Map.of(ReliableHeaders.ID, UUID.randomUUID().toString(), ReliableHeaders.TYPE,
                "String", ReliableHeaders.KEY, "sku-1", ReliableHeaders.SEQUENCE, "1", ReliableHeaders.EXPIRES_AT,
                expiresAt);
        return new InboundMessage("orders", "sku-1", headers, "payload".getBytes(StandardCharsets.UTF_8), "orders-0", 0,
                Instant.now());
    }
}
