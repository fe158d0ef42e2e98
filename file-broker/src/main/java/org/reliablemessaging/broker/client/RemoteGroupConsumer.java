package org.reliablemessaging.broker.client;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.Fetch;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.NotPartitionOwnerException;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.protocol.ErrorCode;
import org.reliablemessaging.broker.protocol.JoinedGroup;
import org.reliablemessaging.broker.protocol.Request;
import org.reliablemessaging.broker.protocol.UnknownMemberException;

/**
 * A group member living on a broker server, kept alive by heartbeats from a virtual thread.
 *
 * <p>The server drops the member when its connection ends or its heartbeats stop. The next poll then joins
 * again, first returning the partitions the old member owned as revoked (releasing them is a no-op, they
 * are already gone), and later polls bring the new member's assignments.
 */
final class RemoteGroupConsumer implements GroupConsumer {

    private static final Logger LOG = System.getLogger(RemoteGroupConsumer.class.getName());

    private final RemoteBroker broker;
    private final String group;
    private final List<String> topics;
    /** The live membership, or {@code null} once the server dropped it and the next poll must join again. */
    private final AtomicReference<@Nullable Membership> membership = new AtomicReference<>();
    /** Partitions assigned to the current membership and not released. */
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final Thread heartbeat;
    private volatile String memberId;
    private volatile boolean closed;

    RemoteGroupConsumer(RemoteBroker broker, String group, List<String> topics) {
        this.broker = broker;
        this.group = group;
        this.topics = topics;
        Membership first = join();
        this.memberId = first.memberId();
        membership.set(first);
        this.heartbeat = Thread.ofVirtual().name("broker-heartbeat-" + group).start(this::heartbeats);
    }

    private Membership join() {
        ClientConnection connection = broker.connection();
        JoinedGroup joined = RemoteBroker.await(connection.send(new Request.JoinGroup(group, topics),
                broker.config().requestTimeout()));
        return new Membership(connection, joined.member(), joined.memberId());
    }

    @Override
    public String memberId() {
        return memberId;
    }

    @Override
    public Fetch poll(int maxRecords, Duration maxWait) {
        requireOpen();
        Membership current = live();
        if (current == null) {
            List<TopicPartition> lost = List.copyOf(new TreeSet<>(owned));
            current = join();
            memberId = current.memberId();
            owned.clear();
            membership.set(current);
            if (!lost.isEmpty()) {
                return new Fetch(List.of(), lost, List.of());
            }
        }
        try {
            Fetch fetch = RemoteBroker.await(current.connection.send(
                    new Request.Poll(current.handle, maxRecords, maxWait.toMillis()),
                    maxWait.plus(broker.config().requestTimeout())));
            owned.addAll(fetch.assigned());
            return fetch;
        }
        catch (UnknownMemberException ex) {
            membership.compareAndSet(current, null);
            return poll(maxRecords, maxWait);
        }
    }

    @Override
    public CompletableFuture<@Nullable Void> commit(Map<TopicPartition, Long> nextOffsets) {
        Membership current = live();
        if (nextOffsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (current == null) {
            return CompletableFuture.failedFuture(notOwner(nextOffsets.keySet()));
        }
        return broker.toCaller(current.connection.send(new Request.Commit(current.handle, nextOffsets),
                broker.config().requestTimeout()).exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        ErrorCode.unwrap(failure) instanceof UnknownMemberException
                                ? notOwner(nextOffsets.keySet()) : ErrorCode.unwrap(failure))));
    }

    @Override
    public void release(Collection<TopicPartition> partitions) {
        List<TopicPartition> ours = partitions.stream().filter(owned::remove).toList();
        Membership current = live();
        if (current == null || ours.isEmpty()) {
            return;
        }
        try {
            RemoteBroker.await(current.connection.send(new Request.Release(current.handle, ours),
                    broker.config().requestTimeout()));
        }
        catch (UnknownMemberException ex) {
            // the server already dropped the member, and its partitions with it: nothing is left to release
            membership.compareAndSet(current, null);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.interrupt();
        broker.forget(this);
        Membership current = membership.getAndSet(null);
        if (current != null && current.connection.isOpen()) {
            try {
                RemoteBroker.await(current.connection.send(new Request.LeaveGroup(current.handle),
                        broker.config().requestTimeout()));
            }
            catch (BrokerUnavailableException | UnknownMemberException ex) {
                // the member ends with its connection or has ended already: leaving has nothing more to do
                LOG.log(Level.DEBUG, "group member {0} of {1} was already gone on leaving: {2}", memberId, group, ex.getMessage());
            }
        }
    }

    /** Renews the server-side session every third of its timeout until closed. */
    private void heartbeats() {
        while (!closed) {
            Membership current = membership.get();
            try {
                Thread.sleep(current != null ? current.connection.session().sessionTimeoutMillis() / 3 : 100);
            }
            catch (InterruptedException ex) {
                return;
            }
            if (current != null && current.connection.isOpen()) {
                current.connection.send(new Request.Heartbeat(current.handle), broker.config().requestTimeout())
                        .whenComplete((done, failure) -> {
                            if (ErrorCode.unwrap(failure) instanceof UnknownMemberException) {
                                membership.compareAndSet(current, null);
                            }
                            else if (failure != null) {
                                // a lost connection drops the member anyway; the next poll joins again
                                LOG.log(Level.DEBUG, "heartbeat of {0} in {1} failed: {2}", memberId, group, failure.getMessage());
                            }
                        });
            }
        }
    }

    /** The membership if the server still has it; {@code null} once dropped or its connection failed. */
    private @Nullable Membership live() {
        Membership current = membership.get();
        if (current != null && !current.connection.isOpen()) {
            membership.compareAndSet(current, null);
            return null;
        }
        return current;
    }

    private NotPartitionOwnerException notOwner(Collection<TopicPartition> partitions) {
        return new NotPartitionOwnerException(group, memberId, new TreeSet<>(partitions).first());
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("group member " + memberId + " of '" + group + "' is closed");
        }
    }

    /** A member on the server: the connection that joined, and the handle and id it got. */
    private record Membership(ClientConnection connection, long handle, String memberId) {
    }
}
