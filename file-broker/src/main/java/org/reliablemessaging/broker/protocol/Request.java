package org.reliablemessaging.broker.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.Fetch;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;

/**
 * A request a client sends; each kind knows its wire type and how its successful response is encoded.
 *
 * @param <R> the value a successful response carries
 */
public sealed interface Request<R extends @Nullable Object> {

    RequestType type();

    WireCodec<R> responseCodec();

    /** The first frame on a connection: the protocol version the client speaks and its token, if any. */
    record Handshake(int version, @Nullable String token) implements Request<HandshakeAccepted> {
        static final WireCodec<Handshake> CODEC = WireCodec.of((out, r) -> out.writeInt(r.version).writeString(r.token),
                in -> new Handshake(in.readInt(), in.readString()));

        public RequestType type() { return RequestType.HANDSHAKE; }

        public WireCodec<HandshakeAccepted> responseCodec() { return HandshakeAccepted.CODEC; }

        @Override
        public String toString() {
            return "Handshake[version=" + version + ", token=" + (token == null ? "none" : "***") + "]";
        }
    }

    record CreateTopic(String topic, int partitions) implements Request<TopicDescription> {
        static final WireCodec<CreateTopic> CODEC = WireCodec.of((out, r) -> out.writeString(r.topic).writeInt(r.partitions),
                in -> new CreateTopic(in.readRequiredString("topic"), in.readInt()));

        public RequestType type() { return RequestType.CREATE_TOPIC; }

        public WireCodec<TopicDescription> responseCodec() { return Codecs.TOPIC_DESCRIPTION; }
    }

    record DescribeTopic(String topic) implements Request<Optional<TopicDescription>> {
        static final WireCodec<DescribeTopic> CODEC = Codecs.REQUIRED_STRING.map(DescribeTopic::topic, DescribeTopic::new);
        private static final WireCodec<Optional<TopicDescription>> RESPONSE = WireCodec.optionalOf(Codecs.TOPIC_DESCRIPTION);

        public RequestType type() { return RequestType.DESCRIBE_TOPIC; }

        public WireCodec<Optional<TopicDescription>> responseCodec() { return RESPONSE; }
    }

    /** Records to append to one topic, in order; one record for a single publish, many for a batch. */
    record Publish(String topic, List<NewRecord> records) implements Request<List<PublishOutcome>> {
        private static final WireCodec<List<NewRecord>> RECORDS = WireCodec.listOf(Codecs.NEW_RECORD);
        static final WireCodec<Publish> CODEC = WireCodec.of((out, r) -> RECORDS.write(out.writeString(r.topic), r.records),
                in -> new Publish(in.readRequiredString("topic"), RECORDS.read(in)));

        public Publish {
            records = List.copyOf(records);
        }

        public RequestType type() { return RequestType.PUBLISH; }

        public WireCodec<List<PublishOutcome>> responseCodec() { return PublishOutcome.LIST_CODEC; }
    }

    record Read(TopicPartition partition, long offset, int maxRecords) implements Request<List<StoredRecord>> {
        static final WireCodec<Read> CODEC = WireCodec.of((out, r) -> {
            Codecs.TOPIC_PARTITION.write(out, r.partition);
            out.writeLong(r.offset).writeInt(r.maxRecords);
        }, in -> new Read(Codecs.TOPIC_PARTITION.read(in), in.readLong(), in.readInt()));

        public RequestType type() { return RequestType.READ; }

        public WireCodec<List<StoredRecord>> responseCodec() { return Codecs.STORED_RECORDS; }
    }

    record Offsets(TopicPartition partition) implements Request<PartitionOffsets> {
        static final WireCodec<Offsets> CODEC = Codecs.TOPIC_PARTITION.map(Offsets::partition, Offsets::new);

        public RequestType type() { return RequestType.OFFSETS; }

        public WireCodec<PartitionOffsets> responseCodec() { return Codecs.PARTITION_OFFSETS; }
    }

    record CommittedOffset(String group, TopicPartition partition) implements Request<Long> {
        static final WireCodec<CommittedOffset> CODEC = WireCodec.of((out, r) -> Codecs.TOPIC_PARTITION.write(out.writeString(r.group), r.partition),
                in -> new CommittedOffset(in.readRequiredString("group"), Codecs.TOPIC_PARTITION.read(in)));

        public RequestType type() { return RequestType.COMMITTED_OFFSET; }

        public WireCodec<Long> responseCodec() { return Codecs.LONG; }
    }

    record JoinGroup(String group, List<String> topics) implements Request<JoinedGroup> {
        private static final WireCodec<List<String>> TOPICS = WireCodec.listOf(Codecs.REQUIRED_STRING);
        static final WireCodec<JoinGroup> CODEC = WireCodec.of((out, r) -> TOPICS.write(out.writeString(r.group), r.topics),
                in -> new JoinGroup(in.readRequiredString("group"), TOPICS.read(in)));

        public JoinGroup {
            topics = List.copyOf(topics);
        }

        public RequestType type() { return RequestType.JOIN_GROUP; }

        public WireCodec<JoinedGroup> responseCodec() { return JoinedGroup.CODEC; }
    }

    /** A request for one group member, named by the handle its connection's join returned. */
    sealed interface MemberRequest<R extends @Nullable Object> extends Request<R> {
        long member();
    }

    record Poll(long member, int maxRecords, long maxWaitMillis) implements MemberRequest<Fetch> {
        static final WireCodec<Poll> CODEC = WireCodec.of((out, r) -> out.writeLong(r.member).writeInt(r.maxRecords).writeLong(r.maxWaitMillis),
                in -> new Poll(in.readLong(), in.readInt(), in.readLong()));

        public RequestType type() { return RequestType.POLL; }

        public WireCodec<Fetch> responseCodec() { return Codecs.FETCH; }
    }

    record Commit(long member, Map<TopicPartition, Long> nextOffsets) implements MemberRequest<@Nullable Void> {
        private static final WireCodec<Map<TopicPartition, Long>> OFFSETS = WireCodec.mapOf(Codecs.TOPIC_PARTITION, Codecs.LONG);
        static final WireCodec<Commit> CODEC = WireCodec.of((out, r) -> OFFSETS.write(out.writeLong(r.member), r.nextOffsets),
                in -> new Commit(in.readLong(), OFFSETS.read(in)));

        public RequestType type() { return RequestType.COMMIT; }

        public WireCodec<@Nullable Void> responseCodec() { return Codecs.NONE; }
    }

    record Release(long member, List<TopicPartition> partitions) implements MemberRequest<@Nullable Void> {
        static final WireCodec<Release> CODEC = WireCodec.of((out, r) -> Codecs.TOPIC_PARTITIONS.write(out.writeLong(r.member), r.partitions),
                in -> new Release(in.readLong(), Codecs.TOPIC_PARTITIONS.read(in)));

        public Release {
            partitions = List.copyOf(partitions);
        }

        public RequestType type() { return RequestType.RELEASE; }

        public WireCodec<@Nullable Void> responseCodec() { return Codecs.NONE; }
    }

    record LeaveGroup(long member) implements MemberRequest<@Nullable Void> {
        static final WireCodec<LeaveGroup> CODEC = Codecs.LONG.map(LeaveGroup::member, LeaveGroup::new);

        public RequestType type() { return RequestType.LEAVE_GROUP; }

        public WireCodec<@Nullable Void> responseCodec() { return Codecs.NONE; }
    }

    /** Keeps a member alive while its client is busy between polls. */
    record Heartbeat(long member) implements MemberRequest<@Nullable Void> {
        static final WireCodec<Heartbeat> CODEC = Codecs.LONG.map(Heartbeat::member, Heartbeat::new);

        public RequestType type() { return RequestType.HEARTBEAT; }

        public WireCodec<@Nullable Void> responseCodec() { return Codecs.NONE; }
    }
}
