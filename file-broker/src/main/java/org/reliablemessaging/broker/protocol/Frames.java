package org.reliablemessaging.broker.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes whole request and response frames, and reads frames off a stream; see the package
 * documentation for the layout.
 */
public final class Frames {

    /** The protocol version this code speaks. */
    public static final int VERSION = 1;

    /** A response's status byte for success; any other value is an {@link ErrorCode}. */
    private static final int STATUS_OK = 0;

    private Frames() {
    }

    public static byte[] encodeRequest(int correlationId, Request<?> request) {
        WireOutput out = new WireOutput().writeByte(request.type().code()).writeInt(correlationId);
        request.type().codec().write(out, request);
        return out.toFrame();
    }

    /** Decodes a request frame's body; the whole body must be used. */
    public static RequestFrame decodeRequest(ByteBuffer body) {
        WireInput in = new WireInput(body);
        RequestType type = RequestType.ofCode(in.readByte());
        int correlationId = in.readInt();
        Request<?> request = type.codec().read(in);
        in.expectEnd();
        return new RequestFrame(correlationId, request);
    }

    public static <R extends @Nullable Object> byte[] encodeResponse(int correlationId, Request<R> request, R value) {
        WireOutput out = new WireOutput().writeInt(correlationId).writeByte(STATUS_OK);
        request.responseCodec().write(out, value);
        return out.toFrame();
    }

    public static byte[] encodeError(int correlationId, RemoteError error) {
        WireOutput out = new WireOutput().writeInt(correlationId);
        RemoteError.CODEC.write(out, error);
        return out.toFrame();
    }

    /** The correlation id at the start of a response body, without consuming it. */
    public static int correlationId(ByteBuffer responseBody) {
        if (responseBody.remaining() < Integer.BYTES) {
            throw new MalformedFrameException("response frame of " + responseBody.remaining() + " bytes has no correlation id");
        }
        return responseBody.getInt(responseBody.position());
    }

    /** Decodes a response body to {@code request}: its value, or the error it carries. */
    public static <R extends @Nullable Object> Response<R> decodeResponse(ByteBuffer body, Request<R> request) {
        WireInput in = new WireInput(body);
        in.readInt();
        int status = in.readByte();
        Response<R> response = status == STATUS_OK
                ? new Response<>(request.responseCodec().read(in), null)
                : new Response<>(null, new RemoteError(ErrorCode.ofCode(status), in.readRequiredString("error message")));
        in.expectEnd();
        return response;
    }

    /**
     * Reads one frame's body.
     *
     * @return the body, or {@code null} when the stream ended cleanly between frames
     * @throws MalformedFrameException when the length is negative or above {@code maxBytes}, or the stream ends
     *         inside a frame
     */
    public static @Nullable ByteBuffer readFrame(InputStream in, int maxBytes) throws IOException {
        byte[] prefix = new byte[Integer.BYTES];
        int read = in.readNBytes(prefix, 0, prefix.length);
        if (read == 0) {
            return null;
        }
        if (read < prefix.length) {
            throw new MalformedFrameException("stream ended inside a frame's length");
        }
        int length = ByteBuffer.wrap(prefix).getInt();
        if (length < 0 || length > maxBytes) {
            throw new MalformedFrameException("frame of " + length + " bytes is outside the allowed 0.." + maxBytes);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new MalformedFrameException("stream ended after " + body.length + " of a frame's " + length + " bytes");
        }
        return ByteBuffer.wrap(body);
    }

    /** Fails with an {@link EOFException} naming {@code peer} when {@link #readFrame} saw the stream end. */
    public static ByteBuffer requireFrame(@Nullable ByteBuffer frame, String peer) throws EOFException {
        if (frame == null) {
            throw new EOFException(peer + " closed the connection");
        }
        return frame;
    }

    /** A decoded request and the correlation id its response must carry. */
    public record RequestFrame(int correlationId, Request<?> request) {
    }

    /**
     * A decoded response: a value, or an error.
     *
     * @param value the value of a success ({@code null} for requests without one)
     * @param error the error of a failure, or {@code null}
     */
    public record Response<R extends @Nullable Object>(@Nullable R value, @Nullable RemoteError error) {
    }
}
