package org.reliablemessaging.broker;

/**
 * A record is larger than the broker accepts.
 */
public class RecordTooLargeException extends BrokerException {

    public RecordTooLargeException(int size, int limit) {
        super("record of " + size + " bytes exceeds the broker's limit of " + limit
                + " bytes; send a smaller payload or raise the limit (maxRecordBytes)");
    }
}
