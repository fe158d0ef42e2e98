package org.reliablemessaging.broker;

/**
 * A group member was used after it left its group: it was closed, its session expired, or the broker
 * closed. Its partitions went to other members; join the group again to consume.
 */
public class MembershipEndedException extends BrokerException {

    public MembershipEndedException(String group, String memberId, String reason) {
        super("member " + memberId + " of group '" + group + "' is no longer in the group (" + reason
                + "); its partitions went to the other members: join the group again");
    }
}
