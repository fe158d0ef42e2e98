package org.reliablemessaging.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.MessageContext;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.NonRetryableException;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.reliablemessaging.spi.MessageDeferredException;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.Subscription;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReliableListenerTests {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final InMemoryTransport transport = new InMemoryTransport();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ReliableListenerAutoConfiguration.class))
        .withBean(InMemoryTransport.class, () -> transport)
        .withBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME, IdempotencyGuard.class, () -> transport::runOnce)
        .withPropertyValues("reliable-messaging.listener.backoff.initial=50ms");

    @MessageType("order-placed")
    record OrderPlaced(String orderId, int quantity) {
    }

    static class Inventory {

        final List<String> handled = new CopyOnWriteArrayList<>();

        final List<MessageContext> contexts = new CopyOnWriteArrayList<>();

        final Map<String, AtomicInteger> failuresLeft = new HashMap<>();

        @ReliableListener(topic = "orders", group = "inventory", maxAttempts = 3)
        void on(OrderPlaced event, MessageContext context) {
            AtomicInteger left = failuresLeft.get(event.orderId());
            if (left != null && left.getAndDecrement() > 0) {
                throw new IllegalStateException("stock service busy");
            }
            if (event.quantity() < 0) {
                throw new NonRetryableException("negative quantity");
            }
            handled.add(event.orderId());
            contexts.add(context);
        }
    }

    @Test
    void handsTheTypedPayloadAndItsContextToTheMethodAndAcknowledges() {
        runner.withBean(Inventory.class).run(context -> {
            assertThat(context).hasNotFailed();
            InboundMessage message = placed("sku-1", "o-1", 2);
            transport.deliver("inventory", message);

            await().atMost(PATIENCE).until(() -> transport.acknowledged.contains(message.messageId()));
            Inventory inventory = context.getBean(Inventory.class);
            assertThat(inventory.handled).containsExactly("o-1");
            MessageContext received = inventory.contexts.get(0);
            assertThat(received.messageId()).isEqualTo(message.messageId());
            assertThat(received.key()).isEqualTo("sku-1");
            assertThat(received.type()).isEqualTo("order-placed");
            assertThat(received.attempt()).isEqualTo(1);
            assertThat(transport.subscriptions.get("inventory").topics())
                .containsExactly("orders", Subscription.retryTopic("orders", "inventory"));
        });
    }

    @Test
    void aFailingMessageIsRetriedWhileOtherKeysFlow() {
        runner.withBean(Inventory.class).run(context -> {
            assertThat(context).hasNotFailed();
            Inventory inventory = context.getBean(Inventory.class);
            inventory.failuresLeft.put("slow", new AtomicInteger(2));
            transport.deliver("inventory", placed("sku-1", "slow", 1));
            transport.deliver("inventory", placed("sku-1", "after-slow", 1));
            transport.deliver("inventory", placed("sku-2", "other", 1));

            await().atMost(PATIENCE).until(() -> inventory.handled.size() == 3);
            assertThat(inventory.handled.indexOf("other")).as("another key went first").isZero();
            assertThat(inventory.handled.indexOf("slow")).isLessThan(inventory.handled.indexOf("after-slow"));
            assertThat(inventory.contexts.stream().filter(c -> c.attempt() == 3)).hasSize(1);
            assertThat(transport.deadLetters).isEmpty();
        });
    }

    @Test
    void exhaustedAndNonRetryableMessagesAreDeadLetteredAndAcknowledged() {
        runner.withBean(Inventory.class).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(Inventory.class).failuresLeft.put("doomed", new AtomicInteger(99));
            InboundMessage doomed = placed("sku-1", "doomed", 1);
            InboundMessage invalid = placed("sku-2", "invalid", -1);
            transport.deliver("inventory", doomed);
            transport.deliver("inventory", invalid);

            await().atMost(PATIENCE).until(() -> transport.acknowledged.size() == 2);
            assertThat(transport.deadLetters).extracting(f -> f.message().messageId() + ":" + f.attempts())
                .containsExactlyInAnyOrder(doomed.messageId() + ":3", invalid.messageId() + ":1");
            assertThat(transport.deadLetters).extracting(f -> f.error().getMessage())
                .containsExactlyInAnyOrder("stock service busy", "negative quantity");
        });
    }

    @Test
    void unknownTypesAndMalformedPayloadsAreDeadLetteredAtOnce() {
        runner.withBean(Inventory.class).run(context -> {
            assertThat(context).hasNotFailed();
            transport.deliver("inventory", InboundMessages.json("sku-1", "order-cancelled", "{}"));
            transport.deliver("inventory", InboundMessages.json("sku-2", "order-placed", "{not json"));

            await().atMost(PATIENCE).until(() -> transport.deadLetters.size() == 2);
            assertThat(transport.deadLetters).extracting(f -> f.error().getMessage())
                .anySatisfy(m -> assertThat(m).contains("unknown type 'order-cancelled'").contains("[order-placed]"))
                .anySatisfy(m -> assertThat(m).contains("malformed order-placed payload"));
            assertThat(transport.deadLetters).allSatisfy(f -> assertThat(f.attempts()).isEqualTo(1));
            assertThat(context.getBean(Inventory.class).handled).isEmpty();
        });
    }

    @Test
    void duplicatesAndReplaysOfProcessedMessagesAreSkipped() {
        runner.withBean(Inventory.class).run(context -> {
            assertThat(context).hasNotFailed();
            InboundMessage original = placed("sku-1", "o-1", 1);
            transport.deliver("inventory", original);
            transport.deliver("inventory", original);
            Map<String, String> headers = new HashMap<>(original.headers());
            headers.put(ReliableHeaders.ID, "a-new-id");
            headers.put(ReliableHeaders.ORIGINAL_ID, original.messageId());
            transport.deliver("inventory", new InboundMessage(original.topic(), original.key(), headers,
                    original.payload(), original.partition(), 1, original.receivedAt()));

            await().atMost(PATIENCE).until(() -> transport.acknowledged.size() == 3);
            assertThat(context.getBean(Inventory.class).handled).containsExactly("o-1");
        });
    }

    @Test
    void anExpiredMessageIsHandledWhenTheListenersAreToldTo() {
        runner.withBean(Inventory.class).withPropertyValues("reliable-messaging.listener.dead-letter-expired=false")
            .run(context -> {
                assertThat(context).hasNotFailed();
                InboundMessage placed = placed("sku-1", "o-1", 1);
                Map<String, String> headers = new HashMap<>(placed.headers());
                headers.put(ReliableHeaders.EXPIRES_AT, Instant.now().minusSeconds(60).toString());
                transport.deliver("inventory", new InboundMessage(placed.topic(), placed.key(), headers,
                        placed.payload(), placed.partition(), 0, placed.receivedAt()));

                await().atMost(PATIENCE).until(() -> transport.acknowledged.size() == 1);
                assertThat(context.getBean(Inventory.class).handled).containsExactly("o-1");
                assertThat(transport.deadLetters).isEmpty();
            });
    }

    static class OneShot {

        final List<String> handled = new CopyOnWriteArrayList<>();

        @ReliableListener(topic = "orders", group = "one-shot", maxAttempts = 1)
        void on(OrderPlaced event) {
            handled.add(event.orderId());
        }
    }

    @Test
    void aMessageInProgressElsewhereIsWaitedForWithoutUsingAttempts() {
        AtomicInteger deferrals = new AtomicInteger(2);
        IdempotencyGuard busyTwice = (group, id, work) -> {
            if (deferrals.getAndDecrement() > 0) {
                throw new MessageDeferredException("in progress elsewhere", Duration.ofMillis(50));
            }
            work.run();
            return true;
        };
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ReliableListenerAutoConfiguration.class))
            .withBean(InMemoryTransport.class, () -> transport)
            .withBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME, IdempotencyGuard.class, () -> busyTwice)
            .withBean(OneShot.class)
            .run(context -> {
                assertThat(context).hasNotFailed();
                transport.deliver("one-shot", placed("sku-1", "o-1", 1));

                await().atMost(PATIENCE).until(() -> transport.acknowledged.size() == 1);
                assertThat(context.getBean(OneShot.class).handled).containsExactly("o-1");
                assertThat(transport.deadLetters).isEmpty();
            });
    }

    static class NoPayload {

        @ReliableListener(topic = "orders", group = "g")
        void on(MessageContext context) {
        }
    }

    static class TwinA {

        @ReliableListener(topic = "orders", group = "billing")
        void on(OrderPlaced event) {
        }
    }

    static class TwinB {

        @ReliableListener(topic = "orders", group = "billing")
        void handle(OrderPlaced event) {
        }
    }

    @Test
    void misdeclaredListenersFailStartUpNamingTheMethod() {
        runner.withBean(NoPayload.class).run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("ReliableListenerTests$NoPayload.on(MessageContext)")
            .hasMessageContaining("no payload parameter"));
        runner.withBean(TwinA.class).withBean(TwinB.class).run(context -> assertThat(context.getStartupFailure())
            .rootCause()
            .hasMessageContaining("TwinA.on(OrderPlaced)")
            .hasMessageContaining("TwinB.handle(OrderPlaced)")
            .hasMessageContaining("group 'billing'"));
    }

    static class Configured {

        @ReliableListener(topic = "${app.topic}", group = "${app.group:shipping}")
        void on(OrderPlaced event) {
        }
    }

    @Test
    void topicAndGroupMayComeFromConfiguration() {
        runner.withBean(Configured.class).withPropertyValues("app.topic=orders-v2").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(transport.subscriptions.get("shipping").topics()).first().isEqualTo("orders-v2");
        });
    }

    @Test
    void aListenerWithoutATransportFailsStartUpSayingWhatToAdd() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ReliableListenerAutoConfiguration.class))
            .withBean(Inventory.class)
            .run(context -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("needs a transport: add spring-kafka or spring-rabbit"));
    }

    @Test
    void aConfiguredStoreWithoutItsGuardFailsStartUpSayingWhatToAdd() {
        runner.withBean(Inventory.class).withPropertyValues("reliable-messaging.idempotency.store=redis")
            .run(context -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("ReliableListenerTests$Inventory.on(OrderPlaced, MessageContext)")
                .hasMessageContaining("wants idempotency REDIS")
                .hasMessageContaining("add the idempotency-guard module and Redisson"));
    }

    static InboundMessage placed(String sku, String orderId, int quantity) {
        return InboundMessages.json(sku, "order-placed", "{\"orderId\":\"" + orderId + "\",\"quantity\":" + quantity + "}");
    }
}
