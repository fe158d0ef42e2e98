package org.reliablemessaging.broker.server;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.reliablemessaging.broker.ExpiringGroupConsumer;
import org.reliablemessaging.broker.protocol.UnknownMemberException;

/**
 * The group members one connection created, by handle; all are closed when the connection ends, so that
 * their partitions move to the group's other members at once. (A member whose client stops heartbeating
 * is ended by the broker itself after its session timeout.)
 */
final class ConnectionMembers {

    private static final Logger LOG = System.getLogger(ConnectionMembers.class.getName());

    private final String connection;
    private final Map<Long, Member> members = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    ConnectionMembers(String connection) {
        this.connection = connection;
    }

    long add(String group, ExpiringGroupConsumer consumer) {
        long handle = nextHandle.getAndIncrement();
        members.put(handle, new Member(group, consumer, new AtomicBoolean()));
        return handle;
    }

    /** The member with this handle. */
    Member get(long handle) {
        Member member = members.get(handle);
        if (member == null) {
            throw new UnknownMemberException("this connection has no group member " + handle
                    + " (it left, or was never joined here); join the group again");
        }
        return member;
    }

    void close(long handle, String reason) {
        Member member = members.remove(handle);
        if (member != null) {
            LOG.log(Level.INFO, "group member left: group={0} member={1} connection={2} reason={3}",
                    member.group, member.consumer.memberId(), connection, reason);
            try {
                member.consumer.close();
            }
            catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "closing group member failed: group=" + member.group + " member="
                        + member.consumer.memberId(), ex);
            }
        }
    }

    void closeAll(String reason) {
        members.keySet().forEach(handle -> close(handle, reason));
    }

    /**
     * One group member.
     *
     * @param polling set while a poll runs, since the broker's poll is not safe to call concurrently
     */
    record Member(String group, ExpiringGroupConsumer consumer, AtomicBoolean polling) {
    }
}
