package org.reliablemessaging.file;

import java.time.Instant;

import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.spi.transport.InboundMessage;

/**
 * Turns file broker records into the transport-neutral {@link InboundMessage}.
 */
final class FileInboundMessages {

    private FileInboundMessages() {
    }

    /** The record as a message; the {@code rm-key} header stands in for a missing record key. */
    static InboundMessage of(StoredRecord record) {
        String key = record.key() != null ? record.key() : record.headers().get(ReliableHeaders.KEY);
        return new InboundMessage(record.partition().topic(), key, record.headers(), record.value(),
                record.partition().toString(), record.offset(), Instant.now());
    }
}
