package org.reliablemessaging.internal;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.InvalidMessageException;
import org.reliablemessaging.Message;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageValidatorTests {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final MessageValidator validator = new MessageValidator(20, 100);

    @Test
    void acceptsAWellFormedMessage() {
        Message message = Message.to("orders.v1").key("sku-1").payload("x").header("tenant", "acme")
            .delay(Duration.ofSeconds(5)).expiresAt(NOW.plusSeconds(60));
        assertThatCode(() -> validator.validate(message, NOW)).doesNotThrowAnyException();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Message message = Message.to("bad topic!").key("k".repeat(21)).header("rm-id", "x").delay(Duration.ofSeconds(-1));
        assertThatThrownBy(() -> validator.validate(message, NOW)).isInstanceOf(InvalidMessageException.class)
            .hasMessageContaining("topic 'bad topic!'")
            .hasMessageContaining("key is 21 characters")
            .hasMessageContaining("payload must not be null")
            .hasMessageContaining("reserved prefix 'rm-'")
            .hasMessageContaining("delay must not be negative");
    }

    @Test
    void rejectsKeysThatCannotBeStoredAsUtf8() {
        assertThatThrownBy(() -> validator.validate(Message.to("t").key("a\uD800b").payload(1), NOW))
            .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> validator.validate(Message.to("t").key("a\u0000").payload(1), NOW))
            .hasMessageContaining("NUL");
        assertThatThrownBy(() -> validator.validate(Message.to("t").key(" ").payload(1), NOW))
            .hasMessageContaining("key must not be blank");
    }

    @Test
    void rejectsDotTopicsAndExpiryBeforeDelivery() {
        assertThatThrownBy(() -> validator.validate(Message.to("..").payload(1), NOW)).hasMessageContaining("'..'");
        assertThatThrownBy(() -> validator.validate(Message.to("t").payload(1).deliverAt(NOW.plusSeconds(10))
            .expiresAt(NOW.plusSeconds(5)), NOW)).hasMessageContaining("before the message becomes deliverable");
    }

    @Test
    void rejectsOversizedPayloads() {
        assertThatThrownBy(() -> validator.validatePayloadSize("t", 101)).hasMessageContaining("101 bytes")
            .hasMessageContaining("max-payload-size");
    }
}
