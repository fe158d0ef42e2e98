package org.reliablemessaging.relay.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.DeadLetter;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration;
import org.reliablemessaging.internal.KeyHash;
import org.reliablemessaging.rabbit.RabbitRouting;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.Subscription;
import org.reliablemessaging.testservices.RabbitEndpoint;
import org.reliablemessaging.testservices.RabbitTestService;
import org.reliablemessaging.testservices.TcpProxy;
import org.reliablemessaging.testservices.TestBrokers;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RabbitListenerEndToEndTests extends ListenerEndToEndTests {

    private static final int PARTITIONS = 2;

    private static final int DELIVERY_LIMIT = 2;

    /**
     * Deletes the quorum queues and exchanges the groups declared: each quorum queue holds broker
     * resources until deleted, and runs add up on a shared broker.
     */
    @AfterEach
    void deleteTopology() throws Exception {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        CachingConnectionFactory connections = new CachingConnectionFactory(rabbit.host(), rabbit.port());
        connections.setUsername(rabbit.username());
        connections.setPassword(rabbit.password());
        connections.setVirtualHost(rabbit.virtualHost());
        try {
            RabbitAdmin admin = new RabbitAdmin(connections);
            for (String group : List.of("inventory", "audit", "timeline")) {
                for (String source : List.of(topic, Subscription.retryTopic(topic, group))) {
                    for (int partition = 0; partition < PARTITIONS; partition++) {
                        admin.deleteQueue("rm." + source + "." + group + "." + partition);
                    }
                    admin.deleteQueue("rm." + source + "." + group + ".parked");
                    admin.deleteExchange("rm." + source);
                }
            }
        }
        finally {
            connections.destroy();
        }
    }

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return rabbit(runner).withUserConfiguration(RabbitTestService.class);
    }

    @Override
    ApplicationContextRunner serviceOnOnePartition() {
        return service().withPropertyValues("reliable-messaging.rabbit.partitions=1");
    }

    private static ApplicationContextRunner rabbit(ApplicationContextRunner runner) {
        return runner
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitTransportAutoConfiguration.class))
            .withPropertyValues("reliable-messaging.transport=rabbit",
                    "reliable-messaging.rabbit.partitions=" + PARTITIONS);
    }

    @Test
    void aConsumerCutOffAfterItsHandlerButBeforeItsAckChangesNothingWhenTheMessageComesAgain() throws Exception {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        try (TcpProxy proxy = new TcpProxy(rabbit.host(), rabbit.port())) {
            proxy.open();
            withConnectionThrough(proxy, rabbit).run(context -> {
                assertThat(context).hasNotFailed();
                Inventory inventory = context.getBean(Inventory.class);
                AtomicBoolean cutOnce = new AtomicBoolean();
                CountDownLatch confirmed = new CountDownLatch(1);
                inventory.afterEffect = () -> {
                    if (cutOnce.compareAndSet(false, true)) {
                        // The send's confirm comes through the same proxy and may come after the delivery:
                        // cut once it is in, still before this handler's ack.
                        awaitUninterruptibly(confirmed);
                        reconnect(proxy);
                    }
                };
                try {
                    send(context, List.of(change("sku-1", "a", 1)));
                }
                finally {
                    confirmed.countDown();
                }

                await().atMost(PATIENCE).until(() -> duplicatesSkipped(context) >= 1);
                assertThat(effects(context)).isEqualTo(1);
            });
        }
    }

    @Test
    void aMessageWhoseConsumerGoesAwayPastTheDeliveryLimitIsADeadLetterWithTheReasonAndItsKeyMovesOnInOrder()
            throws Exception {
        String deliveryLimit = "reliable-messaging.rabbit.delivery-limit=" + DELIVERY_LIMIT;
        OutboundMessage poison = change("sku-1", "poison", 1);
        List<OutboundMessage> messages = new ArrayList<>(List.of(poison));
        for (int seq = 2; seq <= 5; seq++) {
            messages.add(change("sku-1", "sku-1-" + seq, seq));
        }
        for (int seq = 1; seq <= 5; seq++) {
            messages.add(change("sku-2", "sku-2-" + seq, seq));
        }
        // Published before any listener runs, into the queues the relay's topology declares.
        rabbit(new ApplicationContextRunner()).withUserConfiguration(RabbitTestService.class)
            .withPropertyValues(deliveryLimit, "reliable-messaging.rabbit.topology." + topic + "=inventory,audit")
            .run(relay -> {
                assertThat(relay).hasNotFailed();
                send(relay, messages);
            });

        String queue = new RabbitRouting("rm.", PARTITIONS).queue(topic, "inventory",
                KeyHash.bucket("sku-1", PARTITIONS));
        assertThat(deliveriesUntilGone(queue, poison.id().toString())).as("deliveries of the poison")
            .isGreaterThan(DELIVERY_LIMIT);

        service().withPropertyValues(deliveryLimit).run(context -> {
            assertThat(context).hasNotFailed();
            DeadLetters deadLetters = context.getBean(DeadLetters.class);
            DeadLetterQuery inventoryLetters = DeadLetterQuery.all().group("inventory");
            await().atMost(PATIENCE).until(() -> deadLetters.count(inventoryLetters) == 1);
            DeadLetter letter = deadLetters.list(inventoryLetters).get(0);
            assertThat(letter.messageId()).isEqualTo(poison.id().toString());
            assertThat(letter.key()).isEqualTo("sku-1");
            assertThat(letter.errorMessage()).isEqualTo("RabbitMQ dead-lettered it from queue '" + queue + "' after "
                    + "more deliveries without an ack than its delivery limit allows (delivery-limit " + DELIVERY_LIMIT
                    + " exceeded, x-death reason 'delivery_limit')");
            assertThat(letter.headers()).containsKey("x-death");

            await().atMost(PATIENCE).until(() -> effects(context) == messages.size() - 1);
            assertThat(jdbc(context).queryForList("SELECT sku || ':' || seq FROM stock_effect ORDER BY id", String.class))
                .as("each key in order, the poison without an effect")
                .containsSubsequence("sku-1:2", "sku-1:3", "sku-1:4", "sku-1:5")
                .containsSubsequence("sku-2:1", "sku-2:2", "sku-2:3", "sku-2:4", "sku-2:5")
                .doesNotContain("sku-1:1");
        });
    }

    /**
     * Plays a consumer that goes away without an ack, again and again: takes the head of {@code queue}
     * and closes its channel, until the head is no longer {@code messageId}.
     * @return how often {@code messageId} was delivered
     */
    private static int deliveriesUntilGone(String queue, String messageId) throws Exception {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbit.host());
        factory.setPort(rabbit.port());
        factory.setUsername(rabbit.username());
        factory.setPassword(rabbit.password());
        factory.setVirtualHost(rabbit.virtualHost());
        int deliveries = 0;
        try (Connection connection = factory.newConnection()) {
            for (int round = 0; round < 3 * DELIVERY_LIMIT; round++) {
                BlockingQueue<String> heads = new LinkedBlockingQueue<>();
                Channel channel = connection.createChannel();
                channel.basicQos(1);
                channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                            byte[] body) {
                        heads.add(String.valueOf(properties.getHeaders().get(ReliableHeaders.ID)));
                    }
                });
                String head = heads.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                channel.close();
                if (!messageId.equals(head)) {
                    return deliveries;
                }
                deliveries++;
            }
        }
        return deliveries;
    }

    private ApplicationContextRunner withConnectionThrough(TcpProxy proxy, RabbitEndpoint rabbit) {
        return rabbit(application()).withPropertyValues("spring.rabbitmq.host=127.0.0.1",
                "spring.rabbitmq.port=" + proxy.port(), "spring.rabbitmq.username=" + rabbit.username(),
                "spring.rabbitmq.password=" + rabbit.password(), "spring.rabbitmq.virtual-host=" + rabbit.virtualHost());
    }

    /**
     * Drops every connection, so the handler's ack is lost and the broker redelivers the message,
     * then lets connections in again from another thread, as the network would come back.
     */
    private static void reconnect(TcpProxy proxy) {
        try {
            proxy.cut();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Thread.ofVirtual().start(() -> {
            try {
                proxy.open();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }
}
