package org.reliablemessaging.listener;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.listener.ReliableListenerTests.Inventory;
import org.reliablemessaging.listener.ReliableListenerTests.OrderPlaced;
import org.reliablemessaging.observation.DefaultListenerObservationConvention;
import org.reliablemessaging.observation.ListenerObservationContext;
import org.reliablemessaging.observation.ListenerObservationConvention;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.reliablemessaging.listener.ReliableListenerTests.placed;

/**
 * Each attempt of a listener at a message is observed with its group, topic and outcome, when the
 * application has an {@link ObservationRegistry}.
 */
class ListenerObservationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final InMemoryTransport transport = new InMemoryTransport();

    private final TestObservationRegistry observations = TestObservationRegistry.create();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ReliableListenerAutoConfiguration.class))
        .withBean(InMemoryTransport.class, () -> transport)
        .withBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME, IdempotencyGuard.class, () -> transport::runOnce)
        .withBean(ObservationRegistry.class, () -> observations)
        .withBean(Inventory.class)
        .withPropertyValues("reliable-messaging.listener.backoff.initial=50ms");

    @Test
    void eachAttemptIsObservedWithGroupTopicAndOutcomeAndFailuresWithTheirError() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(Inventory.class).failuresLeft.put("flaky", new AtomicInteger(1));
            InboundMessage flaky = placed("sku-1", "flaky", 1);
            transport.deliver("inventory", flaky);
            transport.deliver("inventory", flaky);

            await().atMost(PATIENCE).until(() -> transport.acknowledged.size() == 2);
            assertThat(observations).hasNumberOfObservationsWithNameEqualTo("reliable.messaging.listener", 3)
                .forAllObservationsWithNameEqualTo("reliable.messaging.listener", observation -> observation
                    .hasContextualNameEqualTo("orders receive")
                    .hasLowCardinalityKeyValue("group", "inventory")
                    .hasLowCardinalityKeyValue("topic", "orders")
                    .hasHighCardinalityKeyValue("message.id", flaky.messageId())
                    .doesNotHaveLowCardinalityKeyValueWithKey("message.id"));
            assertThat(observations).hasHandledContextsThatSatisfy(contexts -> {
                List<ListenerObservationContext> attempts = contexts.stream()
                    .map(ListenerObservationContext.class::cast)
                    .toList();
                assertThat(attempts).extracting(a -> a.attempt() + ":" + a.getLowCardinalityKeyValue("outcome").getValue())
                    .containsExactly("1:failed", "2:handled", "1:duplicate");
                assertThat(attempts.get(0).getError()).hasMessage("stock service busy");
                assertThat(attempts.subList(1, 3)).allSatisfy(attempt -> assertThat(attempt.getError()).isNull());
            });
        });
    }

    static class Archive {

        @ReliableListener(topic = "orders", group = "archive", maxAttempts = 1)
        void on(OrderPlaced event) throws IOException {
            throw new IOException("archive disk full");
        }
    }

    @Test
    void aCheckedExceptionOfTheHandlerIsRecordedAsItself() {
        runner.withBean(Archive.class).run(context -> {
            transport.deliver("archive", placed("sku-1", "o-1", 1));

            await().atMost(PATIENCE).until(() -> transport.deadLetters.size() == 1);
            assertThat(observations).hasObservationWithNameEqualTo("reliable.messaging.listener")
                .that()
                .hasLowCardinalityKeyValue("group", "archive")
                .hasLowCardinalityKeyValue("outcome", "failed")
                .assertThatError()
                .isInstanceOf(IOException.class)
                .hasMessage("archive disk full");
        });
    }

    @Test
    void anApplicationsConventionReplacesTheDefault() {
        ListenerObservationConvention renamed = new DefaultListenerObservationConvention() {

            @Override
            public String getName() {
                return "inventory.updates";
            }
        };
        runner.withBean(ListenerObservationConvention.class, () -> renamed).run(context -> {
            transport.deliver("inventory", placed("sku-1", "o-1", 1));

            await().atMost(PATIENCE).until(() -> transport.acknowledged.size() == 1);
            assertThat(observations).hasObservationWithNameEqualTo("inventory.updates")
                .that()
                .hasLowCardinalityKeyValue("outcome", "handled");
            assertThat(observations).hasNumberOfObservationsWithNameEqualTo(DefaultListenerObservationConvention.NAME, 0);
        });
    }

    static class Spans {

        private final ObservationRegistry registry;

        final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        Spans(ObservationRegistry registry) {
            this.registry = registry;
        }

        @ReliableListener(topic = "orders", group = "spans")
        void on(OrderPlaced event) {
            io.micrometer.observation.Observation current = registry.getCurrentObservation();
            seen.add(Thread.currentThread().getName() + ": "
                    + (current != null && current.getContext() instanceof ListenerObservationContext attempt
                            ? attempt.group() + " attempt " + attempt.attempt() : String.valueOf(current)));
        }
    }

    /** A guard that, like a batching one, runs the handler on a thread of its own. */
    private static boolean runOnAnotherThread(String group, String messageId, Runnable work) {
        Thread thread = Thread.ofPlatform().name("guard-batch").start(work);
        try {
            thread.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        return true;
    }

    @Test
    void aHandlerThatAGuardRunsOnAnotherThreadStillRunsInItsAttemptsObservation() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReliableListenerAutoConfiguration.class))
            .withBean(InMemoryTransport.class, () -> transport)
            .withBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME, IdempotencyGuard.class,
                    () -> ListenerObservationTests::runOnAnotherThread)
            .withBean(ObservationRegistry.class, () -> observations)
            .withBean(Spans.class, () -> new Spans(observations))
            .run(context -> {
                assertThat(context).hasNotFailed();
                transport.deliver("spans", placed("sku-1", "o-1", 1));

                await().atMost(PATIENCE).until(() -> transport.acknowledged.size() == 1);
                assertThat(context.getBean(Spans.class).seen).containsExactly("guard-batch: spans attempt 1");
            });
    }
}
