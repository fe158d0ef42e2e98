package org.reliablemessaging.broker.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.ExpiringGroupConsumer;
import org.reliablemessaging.broker.Fetch;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.protocol.JoinedGroup;
import org.reliablemessaging.broker.protocol.PublishOutcome;
import org.reliablemessaging.broker.protocol.RemoteError;
import org.reliablemessaging.broker.protocol.Request;

/**
 * Carries out one connection's requests on the broker.
 *
 * <p>Publishes and commits are handed to the broker on the calling (reading) thread, in the order they
 * arrived, because that order is the order the broker stores them in; the broker answers them with futures,
 * so this does not block. Every other request may block (a poll waits for records) and runs on its own
 * virtual thread, so a long poll never holds up the publishes behind it.
 */
final class RequestHandler {

    private final FileBroker broker;
    private final Duration sessionTimeout;
    private final ConnectionMembers members;
    private final Executor blockingExecutor;

    RequestHandler(FileBroker broker, Duration sessionTimeout, ConnectionMembers members, Executor blockingExecutor) {
        this.broker = broker;
        this.sessionTimeout = sessionTimeout;
        this.members = members;
        this.blockingExecutor = blockingExecutor;
    }

    /** Starts {@code request}; the future completes with its response value or fails with its error. */
    CompletableFuture<?> handle(Request<?> request) {
        return switch (request) {
            case Request.Publish publish -> publish(publish.topic(), publish.records());
            case Request.Commit commit -> members.get(commit.member()).consumer().commit(commit.nextOffsets());
            case Request.Handshake handshake -> CompletableFuture.failedFuture(
                    new IllegalArgumentException("the connection's handshake is done; send it only once"));
            default -> blocking(() -> handleBlocking(request));
        };
    }

    private @Nullable Object handleBlocking(Request<?> request) {
        return switch (request) {
            case Request.CreateTopic r -> broker.createTopic(r.topic(), r.partitions());
            case Request.DescribeTopic r -> broker.describeTopic(r.topic());
            case Request.Read r -> broker.read(r.partition(), r.offset(), r.maxRecords());
            case Request.Offsets r -> broker.offsets(r.partition());
            case Request.CommittedOffset r -> broker.committedOffset(r.group(), r.partition());
            case Request.JoinGroup r -> join(r.group(), r.topics());
            case Request.Poll r -> poll(r);
            case Request.Release r -> {
                members.get(r.member()).consumer().release(r.partitions());
                yield null;
            }
            case Request.LeaveGroup r -> {
                members.close(r.member(), "the client left");
                yield null;
            }
            case Request.Heartbeat r -> {
                members.get(r.member()).consumer().heartbeat();
                yield null;
            }
            case Request.Publish r -> throw new IllegalStateException("publishes are not blocking");
            case Request.Commit r -> throw new IllegalStateException("commits are not blocking");
            case Request.Handshake r -> throw new IllegalStateException("handshakes are not blocking");
        };
    }

    private JoinedGroup join(String group, List<String> topics) {
        ExpiringGroupConsumer consumer = broker.joinGroup(group, topics, sessionTimeout);
        return new JoinedGroup(members.add(group, consumer), consumer.memberId());
    }

    private Fetch poll(Request.Poll request) {
        ConnectionMembers.Member member = members.get(request.member());
        if (!member.polling().compareAndSet(false, true)) {
            throw new IllegalArgumentException("member " + member.consumer().memberId()
                    + " is already polling; poll one at a time");
        }
        try {
            return member.consumer().poll(request.maxRecords(), Duration.ofMillis(request.maxWaitMillis()));
        }
        finally {
            member.polling().set(false);
        }
    }

    /** Hands every record to the broker now, in order, and answers once each is stored or failed. */
    private CompletableFuture<List<PublishOutcome>> publish(String topic, List<NewRecord> records) {
        List<CompletableFuture<PublishOutcome>> outcomes = records.stream().map(record -> {
            try {
                return broker.publish(topic, record)
                        .handle((position, failure) -> failure == null
                                ? PublishOutcome.stored(position)
                                : PublishOutcome.failed(RemoteError.of(failure)));
            }
            catch (RuntimeException ex) {
                return CompletableFuture.completedFuture(PublishOutcome.failed(RemoteError.of(ex)));
            }
        }).toList();
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(done -> outcomes.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<@Nullable Object> blocking(Supplier<@Nullable Object> work) {
        return CompletableFuture.supplyAsync(work, blockingExecutor);
    }
}
