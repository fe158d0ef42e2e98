package org.reliablemessaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** How RabbitMQ deliveries become inbound messages, headers as text. */
class RabbitInboundMessagesTests {

    @Test
    void headerValuesBecomeText() {
        assertThat(RabbitInboundMessages.text(LongStringHelper.asLongString("größe"))).isEqualTo("größe");
        assertThat(RabbitInboundMessages.text("größe".getBytes(StandardCharsets.UTF_8))).isEqualTo("größe");
        assertThat(RabbitInboundMessages.text(new Date(0))).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(RabbitInboundMessages.text(42L)).isEqualTo("42");
        assertThat(RabbitInboundMessages.text(List.of("a", 1))).isEqualTo("[a, 1]");
    }

    @Test
    void keyComesFromTheKeyHeaderAndTheQueueIsThePartition() {
        MessageProperties properties = new MessageProperties();
        properties.setHeader(ReliableHeaders.KEY, "sku-1");
        properties.setHeader("x-delivery-count", 2);
        properties.setHeader("void", null);

        InboundMessage message = RabbitInboundMessages.of("orders", "rm.orders.billing.3",
                new Message(new byte[] { 1 }, properties));

        assertThat(message.topic()).isEqualTo("orders");
        assertThat(message.key()).isEqualTo("sku-1");
        assertThat(message.headers()).containsOnlyKeys(ReliableHeaders.KEY, "x-delivery-count")
                .containsEntry("x-delivery-count", "2");
        assertThat(message.partition()).isEqualTo("rm.orders.billing.3");
        assertThat(message.offset()).isEqualTo(-1);
        assertThat(message.receivedAt()).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void messageWithoutAKeyHeaderHasNoKey() {
        assertThat(RabbitInboundMessages.of("orders", "q", new Message(new byte[0])).key()).isNull();
    }

    @Test
    void aParkedMessageIsDefectiveWithTheReasonOfItsLatestDeath() {
        MessageProperties properties = new MessageProperties();
        properties.setHeader(ReliableHeaders.KEY, "sku-1");
        properties.setHeader("x-death", List.of(Map.of("reason", "delivery_limit", "queue", "rm.orders.billing.3",
                "count", 1L), Map.of("reason", "expired", "queue", "elsewhere")));
        Message message = new Message(new byte[] { 1 }, properties);

        InboundMessage parked = RabbitInboundMessages.parked("orders", "rm.orders.billing.parked", message, 100);

        assertThat(parked.key()).isEqualTo("sku-1");
        assertThat(parked.partition()).isEqualTo("rm.orders.billing.parked");
        assertThat(parked.deadLetterReason()).isEqualTo("RabbitMQ dead-lettered it from queue 'rm.orders.billing.3' after more "
                + "deliveries without an ack than its delivery limit allows (delivery-limit 100 exceeded, x-death "
                + "reason 'delivery_limit')");
        assertThat(RabbitInboundMessages.parked("orders", "p", message, null).deadLetterReason())
                .contains("(delivery-limit of a policy exceeded");
    }

    @Test
    void aParkedMessageSaysWhyElseOrThatRabbitMqDidNotParkIt() {
        MessageProperties expired = new MessageProperties();
        expired.setHeader("x-death", List.of(Map.of("reason", "expired", "queue", "rm.orders.billing.0")));

        assertThat(RabbitInboundMessages.parked("orders", "p", new Message(new byte[0], expired), 100).deadLetterReason())
                .isEqualTo("RabbitMQ dead-lettered it from queue 'rm.orders.billing.0' (x-death reason 'expired')");
        assertThat(RabbitInboundMessages.parked("orders", "p", new Message(new byte[0]), 100).deadLetterReason())
                .isEqualTo("it came to parking queue 'p' without an x-death header: RabbitMQ did not dead-letter it "
                        + "there");
    }
}
