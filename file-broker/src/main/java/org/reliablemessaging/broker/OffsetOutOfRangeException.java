package org.reliablemessaging.broker;

/**
 * A read asked for an offset that retention already deleted.
 */
public class OffsetOutOfRangeException extends BrokerException {

    public OffsetOutOfRangeException(TopicPartition partition, long offset, long start) {
        super("offset " + offset + " of " + partition + " is gone: the partition starts at " + start
                + " after retention; read from there");
    }
}
