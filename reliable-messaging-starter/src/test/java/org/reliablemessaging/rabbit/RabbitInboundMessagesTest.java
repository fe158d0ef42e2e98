package org.reliablemessaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.InboundMessage;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** How RabbitMQ deliveries become inbound messages, headers as text. */
class RabbitInboundMessagesTest {

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
}
