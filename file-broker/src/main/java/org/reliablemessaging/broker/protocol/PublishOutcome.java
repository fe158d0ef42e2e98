package org.reliablemessaging.broker.protocol;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.RecordPosition;

/**
 * What became of one record of a publish request: stored at a position, or failed.
 *
 * @param position where it was stored, or {@code null} if it failed
 * @param error why it failed, or {@code null} if it was stored
 */
public record PublishOutcome(@Nullable RecordPosition position, @Nullable RemoteError error) {

    static final WireCodec<PublishOutcome> CODEC = WireCodec.of((out, outcome) -> {
        if (outcome.position != null) {
            Codecs.RECORD_POSITION.write(out.writeByte(0), outcome.position);
        }
        else {
            RemoteError.CODEC.write(out.writeByte(1),
                    Objects.requireNonNull(outcome.error, "a publish outcome has a position or an error"));
        }
    }, in -> switch (in.readByte()) {
        case 0 -> stored(Codecs.RECORD_POSITION.read(in));
        case 1 -> failed(RemoteError.CODEC.read(in));
        default -> throw new MalformedFrameException("publish outcome must be 0 (stored) or 1 (failed)");
    });

    static final WireCodec<List<PublishOutcome>> LIST_CODEC = WireCodec.listOf(CODEC);

    public PublishOutcome {
        if ((position == null) == (error == null)) {
            throw new IllegalArgumentException("a publish outcome has either a position or an error");
        }
    }

    public static PublishOutcome stored(RecordPosition position) {
        return new PublishOutcome(position, null);
    }

    public static PublishOutcome failed(RemoteError error) {
        return new PublishOutcome(null, error);
    }
}
