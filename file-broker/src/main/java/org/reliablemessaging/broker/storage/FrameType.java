package org.reliablemessaging.broker.storage;

import org.jspecify.annotations.Nullable;

/** What a log frame holds; the code is stored in the frame, so codes never change. */
enum FrameType {
    /** Records of one partition, with consecutive offsets from the frame's base offset. */
    RECORDS(1),
    /** A new topic: its name in the payload, its first partition id and partition count in the header. */
    TOPIC_CREATED(2),
    /** Offsets a consumer group committed: group name and (partition id, next offset) pairs. */
    OFFSETS_COMMITTED(3);

    private final byte code;

    FrameType(int code) {
        this.code = (byte) code;
    }

    byte code() {
        return code;
    }

    /** The type with {@code code}, or {@code null} for a code no frame type has (a corrupt frame). */
    static @Nullable FrameType ofCode(byte code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
