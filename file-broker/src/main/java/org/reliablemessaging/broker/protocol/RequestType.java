package org.reliablemessaging.broker.protocol;

/**
 * The kinds of request, as the first byte of a request frame's body.
 */
public enum RequestType {

    HANDSHAKE(1, Request.Handshake.CODEC),
    CREATE_TOPIC(2, Request.CreateTopic.CODEC),
    DESCRIBE_TOPIC(3, Request.DescribeTopic.CODEC),
    PUBLISH(4, Request.Publish.CODEC),
    READ(5, Request.Read.CODEC),
    OFFSETS(6, Request.Offsets.CODEC),
    COMMITTED_OFFSET(7, Request.CommittedOffset.CODEC),
    JOIN_GROUP(8, Request.JoinGroup.CODEC),
    POLL(9, Request.Poll.CODEC),
    COMMIT(10, Request.Commit.CODEC),
    RELEASE(11, Request.Release.CODEC),
    LEAVE_GROUP(12, Request.LeaveGroup.CODEC),
    HEARTBEAT(13, Request.Heartbeat.CODEC);

    private final int code;
    private final WireCodec<? extends Request<?>> codec;

    RequestType(int code, WireCodec<? extends Request<?>> codec) {
        this.code = code;
        this.codec = codec;
    }

    public int code() {
        return code;
    }

    /** The type with this wire code. */
    public static RequestType ofCode(int code) {
        for (RequestType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new MalformedFrameException("unknown request type " + code);
    }

    /** The codec of this type's request; the caller guarantees the request is of this type. */
    @SuppressWarnings("unchecked")
    <T extends Request<?>> WireCodec<T> codec() {
        return (WireCodec<T>) codec;
    }
}
