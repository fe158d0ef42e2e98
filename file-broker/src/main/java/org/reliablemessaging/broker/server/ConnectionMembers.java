package org.reliablemessaging.broker.server;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.protocol.UnknownMemberException;

/**
 * The group members one connection created, by handle, each closed when its session expires or the
 * connection ends, so that its partitions move to the group's other members at once.
 */
final class ConnectionMembers {

    private static final Logger LOG = System.getLogger(ConnectionMembers.class.getName());

    private final String connection;
    private final Map<Long, Member> members = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    ConnectionMembers(String connection) {
        this.connection = connection;
    }

    long add(String group, GroupConsumer consumer) {
        long handle = nextHandle.getAndIncrement();
        members.put(handle, new Member(group, consumer));
        return handle;
    }

    /** The member with this handle, its session renewed. */
    Member get(long handle) {
        Member member = members.get(handle);
        if (member == null) {
            throw new UnknownMemberException("this connection has no group member " + handle
                    + " (it left, or its session expired); join the group again");
        }
        member.touch();
        return member;
    }

    void close(long handle, String reason) {
        Member member = members.remove(handle);
        if (member != null) {
            member.close(connection, reason);
        }
    }

    /** Closes the members not heard from for {@code sessionTimeoutNanos}, except during a poll. */
    void expire(long nowNanos, long sessionTimeoutNanos) {
        members.forEach((handle, member) -> {
            if (!member.polling.get() && nowNanos - member.lastSeenNanos > sessionTimeoutNanos) {
                close(handle, "session expired: no request or heartbeat for " + sessionTimeoutNanos / 1_000_000 + " ms");
            }
        });
    }

    void closeAll(String reason) {
        members.keySet().forEach(handle -> close(handle, reason));
    }

    /** One group member and when its client last spoke for it. */
    static final class Member {
        final String group;
        final GroupConsumer consumer;
        /** Set while a poll runs, since the engine's poll is not safe to call concurrently. */
        final AtomicBoolean polling = new AtomicBoolean();
        private volatile long lastSeenNanos = System.nanoTime();

        Member(String group, GroupConsumer consumer) {
            this.group = group;
            this.consumer = consumer;
        }

        void touch() {
            lastSeenNanos = System.nanoTime();
        }

        private void close(String connection, String reason) {
            LOG.log(Level.INFO, "group member left: group={0} member={1} connection={2} reason={3}",
                    group, consumer.memberId(), connection, reason);
            try {
                consumer.close();
            }
            catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "closing group member failed: group=" + group + " member=" + consumer.memberId(), ex);
            }
        }
    }
}
