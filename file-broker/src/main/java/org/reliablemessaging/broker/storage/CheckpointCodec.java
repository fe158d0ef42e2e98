package org.reliablemessaging.broker.storage;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A checkpoint's bytes: a magic number and version, the content, and a CRC32C of all that at the end,
 * so that a torn or damaged checkpoint is recognised and skipped.
 */
final class CheckpointCodec {

    private static final int MAGIC = 0x524D434B;
    private static final int VERSION = 1;

    private CheckpointCodec() {
    }

    static byte[] encode(Checkpoint checkpoint) {
        byte[] body = DataBytes.write(out -> {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writePosition(out, checkpoint.position());
            out.writeInt(checkpoint.topics().size());
            for (TopicLayout topic : checkpoint.topics()) {
                out.writeUTF(topic.name());
                out.writeInt(topic.partitions());
                out.writeInt(topic.firstPartitionId());
            }
            out.writeInt(checkpoint.partitions().size());
            for (Checkpoint.PartitionSnapshot partition : checkpoint.partitions()) {
                out.writeInt(partition.id());
                out.writeLong(partition.start());
                out.writeLong(partition.end());
                out.writeInt(partition.index().size());
                for (Map.Entry<Long, LogPosition> entry : partition.index().entrySet()) {
                    out.writeLong(entry.getKey());
                    writePosition(out, entry.getValue());
                }
            }
            out.writeInt(checkpoint.commits().size());
            for (Map.Entry<String, Map<Integer, Long>> group : checkpoint.commits().entrySet()) {
                out.writeUTF(group.getKey());
                out.writeInt(group.getValue().size());
                for (Map.Entry<Integer, Long> offset : group.getValue().entrySet()) {
                    out.writeInt(offset.getKey());
                    out.writeLong(offset.getValue());
                }
            }
            out.writeInt(checkpoint.segments().size());
            for (Map.Entry<Long, SegmentInfo> segment : checkpoint.segments().entrySet()) {
                out.writeLong(segment.getKey());
                out.writeLong(segment.getValue().newestRecordTimestamp());
                out.writeLong(segment.getValue().newestControlTimestamp());
                out.writeLong(segment.getValue().usedBytes());
            }
        });
        return ByteBuffer.allocate(body.length + 4).put(body).putInt(crcOf(body, body.length)).array();
    }

    /** The checkpoint in {@code bytes}, or an exception saying why they hold none. */
    static Checkpoint decode(byte[] bytes) throws IOException {
        if (bytes.length < 12) {
            throw new IOException("only " + bytes.length + " bytes");
        }
        int stored = ByteBuffer.wrap(bytes).getInt(bytes.length - 4);
        if (crcOf(bytes, bytes.length - 4) != stored) {
            throw new IOException("CRC mismatch");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a version " + VERSION + " checkpoint");
            }
            LogPosition position = readPosition(in);
            List<TopicLayout> topics = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                topics.add(new TopicLayout(in.readUTF(), in.readInt(), in.readInt()));
            }
            List<Checkpoint.PartitionSnapshot> partitions = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                int id = in.readInt();
                long start = in.readLong();
                long end = in.readLong();
                Map<Long, LogPosition> index = new TreeMap<>();
                for (int e = in.readInt(); e > 0; e--) {
                    index.put(in.readLong(), readPosition(in));
                }
                partitions.add(new Checkpoint.PartitionSnapshot(id, start, end, index));
            }
            Map<String, Map<Integer, Long>> commits = new HashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String group = in.readUTF();
                Map<Integer, Long> offsets = new HashMap<>();
                for (int o = in.readInt(); o > 0; o--) {
                    offsets.put(in.readInt(), in.readLong());
                }
                commits.put(group, offsets);
            }
            Map<Long, SegmentInfo> segments = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                segments.put(in.readLong(), new SegmentInfo(in.readLong(), in.readLong(), in.readLong()));
            }
            return new Checkpoint(position, topics, partitions, commits, segments);
        }
    }

    private static void writePosition(DataOutputStream out, LogPosition position) throws IOException {
        out.writeLong(position.segment());
        out.writeLong(position.offset());
    }

    private static LogPosition readPosition(DataInputStream in) throws IOException {
        return new LogPosition(in.readLong(), in.readLong());
    }

    private static int crcOf(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
