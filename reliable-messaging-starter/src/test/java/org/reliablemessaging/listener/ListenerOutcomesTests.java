package org.reliablemessaging.listener;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.HeldKeys;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.reliablemessaging.spi.ListenerOutcome;
import org.reliablemessaging.spi.ListenerOutcome.Result;
import org.reliablemessaging.spi.ListenerOutcomeListener;
import org.reliablemessaging.spi.MessageDeferredException;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.springframework.util.ReflectionUtils;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code ListenerOutcomeListener} is told once what became of each message, after it is settled. */
class ListenerOutcomesTests {

    private final List<ListenerOutcome> outcomes = new CopyOnWriteArrayList<>();

    private final List<FailedMessage> deadLetters = new CopyOnWriteArrayList<>();

    private final Handler handler = new Handler();

    static class Handler {

        volatile boolean failing;

        @ReliableListener(topic = "orders", group = "inventory", maxAttempts = 3, backoff = "1ms")
        void on(String payload) {
            if (failing) {
                throw new IllegalStateException("out of stock");
            }
        }
    }

    @Test
    void aHandledMessageIsReportedWithItsPayloadAfterOneAttempt() throws InterruptedException {
        InboundMessage message = message();
        processor(null, outcomes::add).process(message, new Semaphore(1));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.HANDLED);
            assertThat(outcome.group()).isEqualTo("inventory");
            assertThat(outcome.messageId()).isEqualTo(message.messageId());
            assertThat(outcome.key()).isEqualTo("sku-1");
            assertThat(outcome.payload()).isEqualTo("payload");
            assertThat(outcome.failure()).isNull();
            assertThat(outcome.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aDeadLetterIsReportedOnceItIsStoredWithItsFailureAndAttempts() throws InterruptedException {
        handler.failing = true;
        processor(null, outcome -> {
            assertThat(deadLetters).as("the letter is stored before anyone is told").hasSize(1);
            outcomes.add(outcome);
        }).process(message(), new Semaphore(1));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.DEAD_LETTERED);
            assertThat(outcome.failure()).isInstanceOf(IllegalStateException.class).hasMessage("out of stock");
            assertThat(outcome.attempts()).isEqualTo(3);
            assertThat(outcome.payload()).isEqualTo("payload");
        });
    }

    @Test
    void aDuplicateTheGuardSkippedIsReportedAsSuch() throws InterruptedException {
        IdempotencyGuard seenBefore = (group, messageId, work) -> false;
        processor(seenBefore, outcomes::add).process(message(), new Semaphore(1));

        assertThat(outcomes).singleElement().extracting(ListenerOutcome::result).isEqualTo(Result.DUPLICATE);
    }

    @Test
    void aListenerThatThrowsChangesNothingForTheMessage() throws InterruptedException {
        List<ListenerOutcome> second = new CopyOnWriteArrayList<>();
        ListenerOutcomes both = new ListenerOutcomes(List.of(outcome -> {
            throw new IllegalStateException("broken test harness");
        }, second::add));
        processor(null, both).process(message(), new Semaphore(1));

        assertThat(deadLetters).isEmpty();
        assertThat(second).singleElement().extracting(ListenerOutcome::result).isEqualTo(Result.HANDLED);
    }

    @Test
    void aDeferredMessageIsCountedUntilItIsSettled() throws Exception {
        CountDownLatch deferring = new CountDownLatch(2);
        IdempotencyGuard unreachable = (group, messageId, work) -> {
            if (deferring.getCount() > 0) {
                deferring.countDown();
                throw new MessageDeferredException("the guard's store is out of reach", Duration.ofSeconds(1));
            }
            work.run();
            return true;
        };
        ListenerMessageProcessor processor = processor(unreachable, outcomes::add);
        Thread settling = Thread.ofVirtual().start(() -> {
            try {
                processor.process(message(), new Semaphore(1));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        deferring.await(5, TimeUnit.SECONDS);

        ListenerActivity.Snapshot during = processor.activity();
        assertThat(during.messagesDeferred()).isEqualTo(1);
        assertThat(during.deferredSince()).isNotNull();
        assertThat(during.deferredBecause()).isEqualTo("the guard's store is out of reach");
        settling.join(5000);
        assertThat(outcomes).singleElement().extracting(ListenerOutcome::result).isEqualTo(Result.HANDLED);
        assertThat(processor.activity().messagesDeferred()).isZero();
        assertThat(processor.activity().deferredSince()).isNull();
    }

    private ListenerMessageProcessor processor(IdempotencyGuard guard,
            ListenerOutcomeListener listener) {
        return processor(guard, new ListenerOutcomes(List.of(listener)));
    }

    private ListenerMessageProcessor processor(IdempotencyGuard guard, ListenerOutcomes told) {
        Method method = ReflectionUtils.findMethod(Handler.class, "on", String.class);
        ListenerEndpoint endpoint = new ListenerEndpointFactory(new ReliableMessagingProperties.Listener().toSettings())
                .create(handler, method, method.getAnnotation(ReliableListener.class), text -> text);
        return new ListenerMessageProcessor(endpoint, new PayloadConverter(JsonMapper.builder().build(), String.class),
                guard, deadLetters::add, ListenerMetrics.NONE, HandlerObservations.NONE, HeldKeys.NONE, told,
                Clock.systemUTC());
    }

    private static InboundMessage message() {
        Map<String, String> headers = Map.of(ReliableHeaders.ID, UUID.randomUUID().toString(), ReliableHeaders.TYPE,
                "String", ReliableHeaders.KEY, "sku-1", ReliableHeaders.SEQUENCE, "1");
        return new InboundMessage("orders", "sku-1", headers, "payload".getBytes(StandardCharsets.UTF_8), "orders-0", 0,
                Instant.now());
    }
}
