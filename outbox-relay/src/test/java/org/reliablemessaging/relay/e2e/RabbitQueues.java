package org.reliablemessaging.relay.e2e;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import org.reliablemessaging.testservices.RabbitEndpoint;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/**
 * Consumes what the relay put on a topic's consumer-group queues, and deletes the topic's queues
 * and exchange afterwards. Consumes rather than polls: quorum queues with a single active consumer
 * refuse {@code basic.get}.
 */
final class RabbitQueues implements AutoCloseable {

    private final Connection connection;

    private final Channel channel;

    private final List<String> queues;

    private final String exchange;

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    /** A delivery: the queue it came from, its properties and its body. */
    record Delivery(String queue, AMQP.BasicProperties properties, byte[] body) {

        String header(String name) {
            Object value = properties.getHeaders().get(name);
            return value == null ? null : value.toString();
        }
    }

    RabbitQueues(RabbitEndpoint endpoint, String exchange, List<String> queues) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(endpoint.host());
        factory.setPort(endpoint.port());
        factory.setUsername(endpoint.username());
        factory.setPassword(endpoint.password());
        factory.setVirtualHost(endpoint.virtualHost());
        this.connection = factory.newConnection();
        this.channel = connection.createChannel();
        this.queues = queues;
        this.exchange = exchange;
    }

    /** Starts consuming every queue; call once the queues exist. */
    void consume() throws IOException {
        for (String queue : queues) {
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    deliveries.add(new Delivery(queue, properties, body));
                }
            });
        }
    }

    /** Waits until {@code expected} deliveries arrived or {@code timeout} passed, then a little longer for extras. */
    List<Delivery> await(int expected, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (deliveries.size() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        return List.copyOf(deliveries);
    }

    @Override
    public void close() throws IOException, TimeoutException {
        for (String queue : queues) {
            channel.queueDelete(queue);
        }
        channel.exchangeDelete(exchange);
        channel.close();
        connection.close();
    }
}
