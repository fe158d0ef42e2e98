package org.reliablemessaging.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.internal.Utf8;
import org.reliablemessaging.spi.transport.InboundMessage;

/**
 * Turns a Kafka record into the {@link InboundMessage} a dispatcher receives.
 */
final class KafkaInboundMessages {

    private static final byte[] EMPTY = new byte[0];

    private KafkaInboundMessages() {
    }

    /**
     * The message of {@code record}: headers as UTF-8 text (the last of repeated names wins), the
     * record key or else the {@code rm-key} header, and an empty payload for a tombstone. A key that
     * is not valid UTF-8 makes the message defective: its text would not be the key it was sent with.
     */
    static InboundMessage of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] keyHeader = null;
        for (Header header : record.headers()) {
            byte[] value = header.value();
            headers.put(header.key(), value == null ? "" : new String(value, StandardCharsets.UTF_8));
            if (ReliableHeaders.KEY.equals(header.key())) {
                keyHeader = value;
            }
        }
        byte[] keyBytes = record.key() != null ? record.key() : keyHeader;
        String key = keyBytes == null ? null : Utf8.decodeStrictly(keyBytes);
        String deadLetterReason = null;
        if (keyBytes != null && key == null) {
            key = new String(keyBytes, StandardCharsets.UTF_8);
            deadLetterReason = (record.key() != null ? "record key" : "rm-key header") + " is not valid UTF-8";
        }
        byte[] payload = record.value() != null ? record.value() : EMPTY;
        return new InboundMessage(record.topic(), key, headers, payload, record.topic() + "-" + record.partition(),
                record.offset(), Instant.now(), deadLetterReason);
    }
}
