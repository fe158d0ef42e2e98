package org.reliablemessaging.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.InboundMessage;

/**
 * Turns a Kafka record into the {@link InboundMessage} a dispatcher receives.
 */
final class KafkaInboundMessages {

    private static final byte[] EMPTY = new byte[0];

    private KafkaInboundMessages() {
    }

    /**
     * The message of {@code record}: headers as UTF-8 text (the last of repeated names wins), the
     * record key or else the {@code rm-key} header, and an empty payload for a tombstone.
     */
    static InboundMessage of(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            byte[] value = header.value();
            headers.put(header.key(), value == null ? "" : new String(value, StandardCharsets.UTF_8));
        }
        String key = record.key() != null ? record.key() : headers.get(ReliableHeaders.KEY);
        byte[] payload = record.value() != null ? record.value() : EMPTY;
        return new InboundMessage(record.topic(), key, headers, payload, record.topic() + "-" + record.partition(),
                record.offset(), Instant.now());
    }
}
