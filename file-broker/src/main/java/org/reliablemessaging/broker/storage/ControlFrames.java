package org.reliablemessaging.broker.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/** Frames that record metadata changes rather than records: topic creations and committed offsets. */
final class ControlFrames {

    /** Offsets one group committed, by partition id. */
    record Commit(String group, Map<Integer, Long> offsets) {
    }

    private ControlFrames() {
    }

    static Frame topicCreated(TopicLayout topic, long now) {
        return new Frame(FrameType.TOPIC_CREATED, topic.firstPartitionId(), 0, topic.partitions(), now,
                DataBytes.write(out -> out.writeUTF(topic.name())));
    }

    static TopicLayout topic(Frame frame) {
        return new TopicLayout(DataBytes.read(frame.payload(), in -> in.readUTF()), frame.count(), frame.partitionId());
    }

    static Frame offsetsCommitted(Commit commit, long now) {
        return new Frame(FrameType.OFFSETS_COMMITTED, -1, 0, 0, now, DataBytes.write(out -> {
            out.writeUTF(commit.group());
            out.writeInt(commit.offsets().size());
            for (Map.Entry<Integer, Long> entry : commit.offsets().entrySet()) {
                out.writeInt(entry.getKey());
                out.writeLong(entry.getValue());
            }
        }));
    }

    static Commit commit(Frame frame) {
        return DataBytes.read(frame.payload(), in -> {
            String group = in.readUTF();
            int count = in.readInt();
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                offsets.put(in.readInt(), in.readLong());
            }
            return new Commit(group, offsets);
        });
    }
}
