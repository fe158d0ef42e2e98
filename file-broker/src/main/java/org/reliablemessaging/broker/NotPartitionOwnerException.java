package org.reliablemessaging.broker;

/**
 * A group member committed a partition it does not own (any more): another member may already be
 * processing it, so the commit was refused.
 */
public class NotPartitionOwnerException extends BrokerException {

    public NotPartitionOwnerException(String group, String memberId, TopicPartition partition) {
        super("member " + memberId + " of group '" + group + "' does not own " + partition
                + " (it was revoked or the member's session expired); its records will be redelivered to the owner");
    }
}
