package org.reliablemessaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.reliablemessaging.TransportTestMessages.keyedMessages;
import static org.reliablemessaging.TransportTestMessages.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.SendOutcome.Status;
import org.reliablemessaging.spi.transport.Subscription;
import org.reliablemessaging.testservices.RabbitEndpoint;
import org.reliablemessaging.testservices.TcpProxy;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestNames;
import org.reliablemessaging.transport.RecordingDispatcher;
import org.reliablemessaging.transport.RecordingDispatcher.Delivery;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/** The RabbitMQ message source of a consumer group, fed by the RabbitMQ sender, against the tests' RabbitMQ. */
class RabbitMessageSourceTests {

    private static final int PARTITIONS = 4;

    private static final String GROUP = "billing";

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMillis(300);

    private static final int DELIVERY_LIMIT = 3;

    private final RabbitEndpoint rabbit = TestBrokers.rabbit();

    private final RabbitRouting routing = new RabbitRouting("rm.", PARTITIONS);

    private final String topic = TestNames.unique("rm-source");

    private final String retryTopic = Subscription.retryTopic(topic, GROUP);

    private final List<CachingConnectionFactory> connections = new ArrayList<>();

    private final List<RabbitMessageSource> sources = new ArrayList<>();

    private CachingConnectionFactory consumerConnection;

    private RabbitAdmin checkAdmin;

    private RabbitMessageSender sender;

    @BeforeEach
    void connect() {
        consumerConnection = connection(rabbit.host(), rabbit.port());
        CachingConnectionFactory publisherConnection = connection(rabbit.host(), rabbit.port());
        publisherConnection.setPublisherConfirmType(ConfirmType.CORRELATED);
        publisherConnection.setPublisherReturns(true);
        checkAdmin = new RabbitAdmin(publisherConnection);
        sender = new RabbitMessageSender(publisherConnection, checkAdmin, routing, Duration.ofSeconds(10));
    }

    @AfterEach
    void deleteWhatTheTestDeclared() {
        sources.forEach(RabbitMessageSource::stop);
        groupQueues().forEach(checkAdmin::deleteQueue);
        checkAdmin.deleteExchange(routing.exchange(topic));
        checkAdmin.deleteExchange(routing.exchange(retryTopic));
        connections.forEach(CachingConnectionFactory::destroy);
    }

    @Test
    void groupStartedBeforeAnyProducerGetsLaterMessagesIntact() throws Exception {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        source(consumerConnection, dispatcher, 400, SHUTDOWN_TIMEOUT).start();
        List<OutboundMessage> batch = new ArrayList<>(keyedMessages(topic, 30, 6));
        batch.add(message(topic, null, 0));
        batch.add(message(retryTopic, "key-0", 1));

        // Mandatory publishes: unroutable unless the group's queues are already bound.
        send(batch);

        Map<String, OutboundMessage> sent = batch.stream()
                .collect(Collectors.toMap(message -> message.id().toString(), Function.identity()));
        List<Delivery> deliveries = dispatcher.awaitCount(batch.size());
        assertThat(deliveries).hasSize(batch.size());
        Map<String, List<Long>> sequencesByKey = new HashMap<>();
        for (Delivery delivery : deliveries) {
            InboundMessage received = delivery.message();
            OutboundMessage original = sent.get(received.messageId());
            assertThat(received.topic()).isEqualTo(original.topic());
            assertThat(received.key()).isEqualTo(original.key());
            assertThat(received.headers()).containsAllEntriesOf(original.allHeaders());
            assertThat(received.payload()).isEqualTo(original.payload());
            assertThat(received.partition())
                    .isEqualTo(routing.queue(original.topic(), GROUP, routing.partition(original)));
            assertThat(received.offset()).isEqualTo(-1);
            if (original.topic().equals(topic) && original.key() != null) {
                sequencesByKey.computeIfAbsent(original.key(), key -> new ArrayList<>()).add(original.sequence());
            }
            delivery.acknowledge();
        }
        assertThat(sequencesByKey.values()).allSatisfy(sequences -> assertThat(sequences).isSorted());
    }

    @Test
    void aMessageRedeliveredPastTheDeliveryLimitComesFromTheParkingQueueAsADefectWithTheReason() throws Exception {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        RabbitMessageSource source = source(consumerConnection, dispatcher, 100, SHUTDOWN_TIMEOUT);
        source.start();
        OutboundMessage poison = message(topic, "k", 1);
        send(List.of(poison));
        String parkingQueue = routing.parkingQueue(topic, GROUP);

        Delivery delivery = dispatcher.awaitCount(1).get(0);
        int redeliveries = 0;
        while (!delivery.message().partition().equals(parkingQueue) && redeliveries <= 2 * DELIVERY_LIMIT) {
            // Closes the channel with the message unacked: RabbitMQ counts one more delivery.
            source.stop();
            source.start();
            redeliveries++;
            delivery = dispatcher.awaitCount(redeliveries + 1).get(redeliveries);
        }

        assertThat(delivery.message().partition()).isEqualTo(parkingQueue);
        assertThat(redeliveries).isGreaterThanOrEqualTo(DELIVERY_LIMIT);
        assertThat(delivery.id()).isEqualTo(poison.id().toString());
        assertThat(delivery.message().topic()).isEqualTo(topic);
        assertThat(delivery.message().key()).isEqualTo("k");
        assertThat(delivery.message().payload()).isEqualTo(poison.payload());
        assertThat(delivery.message().deadLetterReason()).isEqualTo("RabbitMQ dead-lettered it from queue '"
                + routing.queue(topic, GROUP, routing.partition(poison)) + "' after more deliveries without an ack "
                + "than its delivery limit allows (delivery-limit 3 exceeded, x-death reason 'delivery_limit')");
        delivery.acknowledge();
        source.stop();
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> readyMessages() == 0);
    }

    @Test
    void queuesDeclaredWithoutADeliveryLimitAreKeptWhenAPolicyIsToSetIt() throws Exception {
        // As an earlier version declared them.
        groupQueues().stream().filter(queue -> !queue.endsWith(".parked")).forEach(queue -> checkAdmin.declareQueue(
                QueueBuilder.durable(queue).quorum().singleActiveConsumer().build()));
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        source(consumerConnection, dispatcher, 100, SHUTDOWN_TIMEOUT, new RabbitQueueArguments(QueueType.QUORUM, null))
                .start();

        send(List.of(message(topic, "k", 1)));

        assertThat(dispatcher.awaitCount(1).get(0).message().deadLetterReason()).isNull();
    }

    @Test
    void unacknowledgedMessagesComeAgainAfterStopAndStartAcknowledgedOnesDoNot() throws Exception {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        RabbitMessageSource source = source(consumerConnection, dispatcher, 100, SHUTDOWN_TIMEOUT);
        source.start();
        send(keyedMessages(topic, 12, 12));
        List<Delivery> first = dispatcher.awaitCount(12);
        IntStream.range(0, 12).filter(i -> i % 2 == 0).forEach(i -> first.get(i).acknowledge());
        Set<String> unacknowledged = IntStream.range(0, 12).filter(i -> i % 2 == 1)
                .mapToObj(i -> first.get(i).id()).collect(Collectors.toSet());

        source.stop();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> readyMessages() == 6);
        source.start();

        List<Delivery> again = dispatcher.awaitCount(18).subList(12, 18);
        assertThat(again).extracting(Delivery::id).containsExactlyInAnyOrderElementsOf(unacknowledged);
        again.forEach(Delivery::acknowledge);
        Awaitility.await().during(Duration.ofMillis(500)).until(() -> dispatcher.deliveries().size() == 18);
    }

    @Test
    void acknowledgementsFromOtherThreadsAndOutOfOrderReachTheBroker() throws Exception {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        RabbitMessageSource source = source(consumerConnection, dispatcher, 400, SHUTDOWN_TIMEOUT);
        source.start();
        List<OutboundMessage> batch = new ArrayList<>(keyedMessages(topic, 40, 20));
        batch.addAll(keyedMessages(retryTopic, 20, 10));
        send(batch);
        List<Delivery> deliveries = new ArrayList<>(dispatcher.awaitCount(batch.size()));

        // Reversed: out of order within each queue as well as across them.
        Collections.reverse(deliveries);
        ExecutorService ackers = Executors.newFixedThreadPool(4);
        deliveries.forEach(delivery -> ackers.execute(delivery::acknowledge));
        ackers.shutdown();
        assertThat(ackers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        source.stop();

        // Closing the channels would have requeued any message whose ack got lost.
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> readyMessages() == 0);
    }

    @Test
    void stopWaitsForAcknowledgementsInFlight() throws Exception {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        RabbitMessageSource source = source(consumerConnection, dispatcher, 100, Duration.ofSeconds(10));
        source.start();
        send(keyedMessages(topic, 3, 3));
        List<Delivery> deliveries = dispatcher.awaitCount(3);
        Thread.ofVirtual().start(() -> {
            sleep(Duration.ofMillis(300));
            deliveries.forEach(Delivery::acknowledge);
        });

        long start = System.nanoTime();
        source.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> readyMessages() == 0);
    }

    @Test
    void eachQueueHasOneConsumerInTheGroupAndAnotherTakesOverWithTheUnacknowledgedMessages() throws Exception {
        RecordingDispatcher firstDispatcher = new RecordingDispatcher();
        RecordingDispatcher secondDispatcher = new RecordingDispatcher();
        RabbitMessageSource first = source(consumerConnection, firstDispatcher, 400, SHUTDOWN_TIMEOUT);
        RabbitMessageSource second = source(connection(rabbit.host(), rabbit.port()), secondDispatcher, 400,
                SHUTDOWN_TIMEOUT);
        first.start();
        second.start();
        List<OutboundMessage> batch = keyedMessages(topic, 40, 40);
        send(batch);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> firstDispatcher.deliveries().size() + secondDispatcher.deliveries().size() == batch.size());
        // Usually all to the first, whose consumers registered first: the second's wait as standby.
        assertThat(Collections.disjoint(firstDispatcher.partitions(), secondDispatcher.partitions())).isTrue();
        Set<String> sent = batch.stream().map(message -> message.id().toString()).collect(Collectors.toSet());
        assertThat(Stream.concat(firstDispatcher.deliveries().stream(), secondDispatcher.deliveries().stream())
                .map(Delivery::id)).containsExactlyInAnyOrderElementsOf(sent);
        first.stop();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> secondDispatcher.deliveries().stream()
                .map(Delivery::id).collect(Collectors.toSet()).containsAll(sent));
        secondDispatcher.deliveries().forEach(Delivery::acknowledge);
        second.stop();
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> readyMessages() == 0);
    }

    @Test
    void prefetchBoundsTheMessagesInFlight() throws Exception {
        // 10 queues (4 partitions and a parking queue, of 2 topics) share 20: a prefetch of 2 each.
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        source(consumerConnection, dispatcher, 20, SHUTDOWN_TIMEOUT).start();
        List<OutboundMessage> batch = keyedMessages(topic, 60, 30);
        int bound = IntStream.range(0, PARTITIONS).map(partition -> (int) Math.min(2,
                batch.stream().filter(message -> routing.partition(message) == partition).count())).sum();

        send(batch);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.deliveries().size() == bound);
        Awaitility.await().during(Duration.ofMillis(500)).until(() -> dispatcher.deliveries().size() == bound);
        int acknowledged = 0;
        while (acknowledged < batch.size()) {
            List<Delivery> delivered = dispatcher.awaitCount(acknowledged + 1);
            assertThat(delivered.size() - acknowledged).isLessThanOrEqualTo(8);
            delivered.subList(acknowledged, delivered.size()).forEach(Delivery::acknowledge);
            acknowledged = delivered.size();
        }
        assertThat(acknowledged).isEqualTo(batch.size());
    }

    @Test
    void consumingResumesAfterTheConnectionBreaksAndTheLostAckComesAgain() throws Exception {
        try (TcpProxy proxy = new TcpProxy(rabbit.host(), rabbit.port())) {
            proxy.open();
            RecordingDispatcher dispatcher = new RecordingDispatcher();
            RabbitMessageSource source = source(connection("127.0.0.1", proxy.port()), dispatcher, 100,
                    SHUTDOWN_TIMEOUT);
            source.start();
            send(List.of(message(topic, "k", 1)));
            Delivery held = dispatcher.awaitCount(1).get(0);

            proxy.cut();
            held.acknowledge();
            // Lost while disconnected: declared again on the new connection.
            IntStream.range(0, PARTITIONS).forEach(partition -> checkAdmin.deleteQueue(
                    routing.queue(retryTopic, GROUP, partition)));
            proxy.open();

            Delivery again = dispatcher.awaitCount(2).get(1);
            assertThat(again.id()).isEqualTo(held.id());
            again.acknowledge();
            send(List.of(message(topic, "k", 2), message(retryTopic, "k", 1)));
            List<Delivery> later = dispatcher.awaitCount(4).subList(2, 4);
            assertThat(later).extracting(delivery -> delivery.message().topic()).containsOnly(topic, retryTopic);
            source.stop();
        }
    }

    @Test
    void startFailsWhenAQueueOfTheGroupExistsWithOtherArguments() {
        checkAdmin.declareQueue(QueueBuilder.durable(routing.queue(topic, GROUP, 2)).build());
        RabbitMessageSource source = source(consumerConnection, new RecordingDispatcher(), 100, SHUTDOWN_TIMEOUT);

        assertThatIllegalStateException().isThrownBy(source::start)
                .withMessageContaining("RabbitMQ refused to declare the queues of consumer group 'billing'")
                .withMessageContaining("PRECONDITION_FAILED")
                .withMessageContaining("delete the group's queues once they are drained")
                .withMessageContaining("reliable-messaging.rabbit.declare-delivery-limit=false");
    }

    @Test
    void eachQueueGetsAnEqualShareOfTheMessagesInFlightAndAtLeastOne() {
        assertThat(RabbitMessageSource.prefetch(1000, 8)).isEqualTo(125);
        assertThat(RabbitMessageSource.prefetch(10, 4)).isEqualTo(2);
        assertThat(RabbitMessageSource.prefetch(2, 8)).isEqualTo(1);
    }

    private RabbitMessageSource source(CachingConnectionFactory connectionFactory, RecordingDispatcher dispatcher,
            int maxInFlight, Duration shutdownTimeout) {
        return source(connectionFactory, dispatcher, maxInFlight, shutdownTimeout,
                new RabbitQueueArguments(QueueType.QUORUM, DELIVERY_LIMIT));
    }

    private RabbitMessageSource source(CachingConnectionFactory connectionFactory, RecordingDispatcher dispatcher,
            int maxInFlight, Duration shutdownTimeout, RabbitQueueArguments arguments) {
        RabbitMessageSource source = new RabbitMessageSourceFactory(connectionFactory, routing, arguments,
                shutdownTimeout).create(new Subscription(GROUP, List.of(topic, retryTopic), maxInFlight), dispatcher);
        sources.add(source);
        return source;
    }

    private CachingConnectionFactory connection(String host, int port) {
        CachingConnectionFactory connection = new CachingConnectionFactory(host, port);
        connection.setUsername(rabbit.username());
        connection.setPassword(rabbit.password());
        connection.setVirtualHost(rabbit.virtualHost());
        connections.add(connection);
        return connection;
    }

    private void send(List<OutboundMessage> batch) throws Exception {
        assertThat(sender.send(batch).get(30, TimeUnit.SECONDS)).extracting(SendOutcome::status)
                .containsOnly(Status.CONFIRMED);
    }

    private List<String> groupQueues() {
        List<String> queues = new ArrayList<>();
        for (String declared : List.of(topic, retryTopic)) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                queues.add(routing.queue(declared, GROUP, partition));
            }
            queues.add(routing.parkingQueue(declared, GROUP));
        }
        return queues;
    }

    /** Messages waiting in the group's queues, not counting those delivered and not yet acked. */
    private long readyMessages() {
        return groupQueues().stream().mapToLong(queue -> checkAdmin.getQueueInfo(queue).getMessageCount()).sum();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
