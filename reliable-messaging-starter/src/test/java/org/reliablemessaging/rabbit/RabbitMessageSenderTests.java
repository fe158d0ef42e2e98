package org.reliablemessaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.reliablemessaging.TransportTestMessages.keyedMessages;
import static org.reliablemessaging.TransportTestMessages.message;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration;
import org.reliablemessaging.internal.KeyHash;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.SendOutcome.Status;
import org.reliablemessaging.testservices.RabbitEndpoint;
import org.reliablemessaging.testservices.RabbitTestService;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.QueueBuilder.Overflow;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.util.TestSocketUtils;

/** The RabbitMQ sender and topology, wired by their auto-configuration, against the tests' RabbitMQ. */
class RabbitMessageSenderTests {

    private static final int PARTITIONS = 4;

    private final String topic = TestNames.unique("rm-rabbit");

    // Without a broker, so that a test may point it at one where nothing listens.
    private final ApplicationContextRunner transport = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitTransportAutoConfiguration.class))
            .withPropertyValues("reliable-messaging.transport=rabbit",
                    "reliable-messaging.rabbit.partitions=" + PARTITIONS,
                    "reliable-messaging.rabbit.send-timeout=10s",
                    "reliable-messaging.rabbit.topology[" + topic + "]=billing,audit");

    private final ApplicationContextRunner runner = transport.withUserConfiguration(RabbitTestService.class);

    private CachingConnectionFactory checkConnection;

    private RabbitAdmin checkAdmin;

    @BeforeEach
    void connect() {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        checkConnection = new CachingConnectionFactory(rabbit.host(), rabbit.port());
        checkConnection.setUsername(rabbit.username());
        checkConnection.setPassword(rabbit.password());
        checkConnection.setVirtualHost(rabbit.virtualHost());
        checkAdmin = new RabbitAdmin(checkConnection);
    }

    @AfterEach
    void deleteWhatTheTestDeclared() {
        for (String group : List.of("billing", "audit")) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                checkAdmin.deleteQueue(queue(group, partition));
            }
            checkAdmin.deleteQueue("rm." + topic + "." + group + ".parked");
        }
        checkAdmin.deleteExchange("rm." + topic);
        checkAdmin.deleteExchange("rm." + topic + "-unbound");
        checkConnection.destroy();
    }

    @Test
    void confirmedMessagesLandOnTheQueueOfTheirPartitionInEveryGroup() {
        List<OutboundMessage> batch = new ArrayList<>(keyedMessages(topic, 40, 10));
        batch.add(message(topic, null, 0));
        runner.run(context -> {
            List<SendOutcome> outcomes = send(context.getBean(MessageSender.class), batch);

            assertThat(outcomes).allMatch(outcome -> outcome.status() == Status.CONFIRMED);
            Map<String, OutboundMessage> byId = new HashMap<>();
            batch.forEach(message -> byId.put(message.id().toString(), message));
            for (String group : List.of("billing", "audit")) {
                int received = 0;
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    for (Message delivered : drain(queue(group, partition))) {
                        MessageProperties properties = delivered.getMessageProperties();
                        OutboundMessage sent = byId.get(properties.getMessageId());
                        String partitionKey = sent.key() != null ? sent.key() : sent.id().toString();
                        assertThat(KeyHash.bucket(partitionKey, PARTITIONS)).isEqualTo(partition);
                        assertThat(delivered.getBody()).isEqualTo(sent.payload());
                        assertThat(properties.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
                        assertThat(properties.getContentType()).isEqualTo(MessageProperties.CONTENT_TYPE_JSON);
                        // AMQP timestamps have whole seconds; rm-published-at has the exact instant.
                        assertThat(properties.getTimestamp().toInstant())
                                .isEqualTo(sent.publishedAt().truncatedTo(ChronoUnit.SECONDS));
                        Map<String, Object> headers = properties.getHeaders();
                        sent.allHeaders().forEach((name, value) -> assertThat(headers).containsEntry(name, value));
                        received++;
                    }
                }
                assertThat(received).as("messages in group %s", group).isEqualTo(batch.size());
            }
        });
    }

    @Test
    void keepsTheOrderOfEachKeysMessages() {
        List<OutboundMessage> batch = keyedMessages(topic, 500, 25);
        runner.run(context -> {
            List<SendOutcome> outcomes = send(context.getBean(MessageSender.class), batch);

            assertThat(outcomes).allMatch(outcome -> outcome.status() == Status.CONFIRMED);
            Map<String, List<Long>> sequencesByKey = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                for (Message delivered : drain(queue("billing", partition))) {
                    Map<String, Object> headers = delivered.getMessageProperties().getHeaders();
                    sequencesByKey.computeIfAbsent((String) headers.get(ReliableHeaders.KEY), key -> new ArrayList<>())
                            .add(Long.parseLong((String) headers.get(ReliableHeaders.SEQUENCE)));
                }
            }
            List<Long> expected = LongStream.rangeClosed(1, 20).boxed().toList();
            assertThat(sequencesByKey).hasSize(25);
            assertThat(sequencesByKey.values()).allSatisfy(sequences -> assertThat(sequences).isEqualTo(expected));
        });
    }

    @Test
    void messageWithoutABoundQueueFailsPermanentlyAsUnroutable() {
        String unbound = topic + "-unbound";
        runner.run(context -> {
            List<SendOutcome> outcomes = send(context.getBean(MessageSender.class),
                    List.of(message(unbound, "k", 1), message(topic, "k", 1)));

            assertThat(outcomes.get(0).status()).isEqualTo(Status.PERMANENT);
            assertThat(outcomes.get(0).error()).startsWith("unroutable: 312 NO_ROUTE");
            assertThat(outcomes.get(1).status()).isEqualTo(Status.CONFIRMED);
        });
    }

    @Test
    void exchangeDeletedAfterDeclarationIsRetryableAndDeclaredAgain() {
        runner.run(context -> {
            MessageSender sender = context.getBean(MessageSender.class);
            assertThat(send(sender, List.of(message(topic, "k", 1))))
                    .allMatch(outcome -> outcome.status() == Status.CONFIRMED);
            checkAdmin.deleteExchange("rm." + topic);

            SendOutcome missing = send(sender, List.of(message(topic, "k", 2))).get(0);

            assertThat(missing.status()).isEqualTo(Status.RETRYABLE);
            // The channel's close, which makes the sender forget the exchange, may trail the nack a little.
            // Declared again, the exchange has lost its bindings, so the retry is unroutable.
            // Awaitility would fail on any thread's uncaught exception, and Spring AMQP's own task that
            // returns a channel to the cache once confirmed throws one when the broker closed the channel
            // first (spring-amqp GH-3448): that task is no part of the sender, whose outcomes are asserted.
            Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(send(sender, List.of(message(topic, "k", 2))).get(0).error())
                            .startsWith("unroutable"));
        });
    }

    @Test
    void brokenConnectionMakesEveryMessageRetryable() {
        List<OutboundMessage> batch = keyedMessages(topic, 10, 3);
        transport.withPropertyValues("spring.rabbitmq.host=127.0.0.1",
                "spring.rabbitmq.port=" + TestSocketUtils.findAvailableTcpPort()).run(context -> {
            long start = System.nanoTime();

            List<SendOutcome> outcomes = send(context.getBean(MessageSender.class), batch);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(outcomes).hasSize(batch.size()).allMatch(outcome -> outcome.status() == Status.RETRYABLE);
            assertThat(outcomes.get(0).error()).contains("Connection refused");
        });
    }

    @Test
    void topologyQueuesAreQuorumQueuesWithASingleActiveConsumerADeliveryLimitAndADeadLetterRouteToTheParkingQueue() {
        runner.withPropertyValues("reliable-messaging.rabbit.delivery-limit=7").run(context -> {
            send(context.getBean(MessageSender.class), List.of(message(topic, "k", 1)));
            String parkingQueue = "rm." + topic + ".audit.parked";

            // RabbitMQ refuses to redeclare a queue with other arguments, so these pass only if they match.
            checkAdmin.declareQueue(groupQueue(queue("audit", 0)).deliveryLimit(7).deadLetterExchange("rm." + topic)
                    .deadLetterRoutingKey(parkingQueue).withArgument("x-dead-letter-strategy", "at-least-once")
                    .overflow(Overflow.rejectPublish).build());
            checkAdmin.declareQueue(groupQueue(parkingQueue).deliveryLimit(Integer.MAX_VALUE).build());
            assertThatExceptionOfType(AmqpException.class).as("RabbitMQ compares the delivery limit")
                    .isThrownBy(() -> checkAdmin.declareQueue(groupQueue(queue("audit", 1)).deliveryLimit(8)
                            .deadLetterExchange("rm." + topic).deadLetterRoutingKey(parkingQueue)
                            .withArgument("x-dead-letter-strategy", "at-least-once").overflow(Overflow.rejectPublish)
                            .build()));
            // The parking queue is bound with its own name as routing key.
            new RabbitTemplate(checkConnection).send("rm." + topic, parkingQueue, new Message(new byte[] { 1 }));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> checkAdmin.getQueueInfo(parkingQueue).getMessageCount() == 1);
        });
    }

    @Test
    void topologyQueuesAreDeclaredAsBeforeWhenTheDeliveryLimitIsLeftToAPolicy() {
        runner.withPropertyValues("reliable-messaging.rabbit.declare-delivery-limit=false").run(context -> {
            send(context.getBean(MessageSender.class), List.of(message(topic, "k", 1)));

            checkAdmin.declareQueue(groupQueue(queue("audit", 0)).build());
        });
    }

    @Test
    void aDeliveryLimitBelowOneFailsStartUp() {
        runner.withPropertyValues("reliable-messaging.rabbit.delivery-limit=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("the delivery limit must be at least 1, was 0"));
    }

    private static QueueBuilder groupQueue(String name) {
        return QueueBuilder.durable(name).quorum().singleActiveConsumer();
    }

    @Test
    void invalidTopologyNamesFailStartUp() {
        runner.withPropertyValues("reliable-messaging.rabbit.topology[" + topic + "]=billing,bad/group")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("invalid RabbitMQ group name 'bad/group'"));
    }

    private String queue(String group, int partition) {
        return "rm." + topic + "." + group + "." + partition;
    }

    private static List<SendOutcome> send(MessageSender sender, List<OutboundMessage> batch) throws Exception {
        return sender.send(batch).get(30, TimeUnit.SECONDS);
    }

    /** Consumes everything in {@code queue}: basic.get is refused on single-active-consumer quorum queues. */
    private List<Message> drain(String queue) {
        return new RabbitTemplate(checkConnection).execute(channel -> {
            int expected = channel.queueDeclarePassive(queue).getMessageCount();
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            DefaultMessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();
            String consumerTag = channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    received.add(new Message(body, converter.toMessageProperties(properties, envelope, "UTF-8")));
                }
            });
            List<Message> messages = new ArrayList<>();
            while (messages.size() < expected) {
                Message message = received.poll(10, TimeUnit.SECONDS);
                assertThat(message).as("message %d of %d from %s", messages.size() + 1, expected, queue).isNotNull();
                messages.add(message);
            }
            channel.basicCancel(consumerTag);
            return messages;
        });
    }
}
