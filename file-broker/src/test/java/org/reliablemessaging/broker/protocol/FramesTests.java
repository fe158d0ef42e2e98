package org.reliablemessaging.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.Fetch;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.NotPartitionOwnerException;
import org.reliablemessaging.broker.OffsetOutOfRangeException;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.RecordTooLargeException;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;

class FramesTests {

    private static final TopicPartition TP = new TopicPartition("orders", 3);
    private static final Instant WHEN = Instant.parse("2024-05-06T07:08:09.123456789Z");

    /** Every request type with a response value of its type. */
    static Stream<Exchange<?>> exchanges() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("z", "last-inserted-first");
        headers.put("a", "");
        NewRecord keyed = new NewRecord("k-é", headers, "v".getBytes(StandardCharsets.UTF_8), WHEN);
        NewRecord keyless = new NewRecord(null, Map.of(), new byte[0], WHEN);
        StoredRecord stored = new StoredRecord(TP, 42, "k", headers, new byte[] {1, 2, 3}, WHEN);
        return Stream.of(
                new Exchange<>(new Request.Handshake(1, "secret"), new HandshakeAccepted(1, 10_000, 1 << 20)),
                new Exchange<>(new Request.Handshake(1, null), new HandshakeAccepted(1, 5, 1024)),
                new Exchange<>(new Request.CreateTopic("orders", 8), new TopicDescription("orders", 8)),
                new Exchange<>(new Request.DescribeTopic("orders"), Optional.of(new TopicDescription("orders", 8))),
                new Exchange<>(new Request.DescribeTopic("missing"), Optional.<TopicDescription>empty()),
                new Exchange<>(new Request.Publish("orders", List.of(keyed)),
                        List.of(PublishOutcome.stored(new RecordPosition(TP, 7)))),
                new Exchange<>(new Request.Publish("orders", List.of(keyed, keyless)), List.of(
                        PublishOutcome.stored(new RecordPosition(TP, 8)),
                        PublishOutcome.failed(new RemoteError(ErrorCode.RECORD_TOO_LARGE, "too big")))),
                new Exchange<>(new Request.Read(TP, 40, 100), List.of(stored, stored)),
                new Exchange<>(new Request.Offsets(TP), new PartitionOffsets(3, 99)),
                new Exchange<>(new Request.CommittedOffset("g", TP), 17L),
                new Exchange<>(new Request.JoinGroup("g", List.of("orders", "payments")), new JoinedGroup(5, "member-1")),
                new Exchange<>(new Request.Poll(5, 500, 1000),
                        new Fetch(List.of(TP), List.of(new TopicPartition("payments", 0)), List.of(stored))),
                new Exchange<>(new Request.Commit(5, Map.of(TP, 43L)), null),
                new Exchange<>(new Request.Release(5, List.of(TP)), null),
                new Exchange<>(new Request.LeaveGroup(5), null),
                new Exchange<>(new Request.Heartbeat(5), null));
    }

    @ParameterizedTest
    @MethodSource("exchanges")
    <R> void requestsAndResponsesSurviveTheRoundTrip(Exchange<R> exchange) throws IOException {
        Frames.RequestFrame decoded = Frames.decodeRequest(body(Frames.encodeRequest(77, exchange.request)));
        assertThat(decoded.correlationId()).isEqualTo(77);
        assertThat(decoded.request()).usingRecursiveComparison().isEqualTo(exchange.request);

        ByteBuffer response = body(Frames.encodeResponse(77, exchange.request, exchange.response));
        assertThat(Frames.correlationId(response)).isEqualTo(77);
        Frames.Response<R> back = Frames.decodeResponse(response, exchange.request);
        assertThat(back.error()).isNull();
        assertThat(back.value()).usingRecursiveComparison().isEqualTo(exchange.response);
    }

    @Test
    void headersKeepTheirOrder() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 20; i > 0; i--) {
            headers.put("h" + i, "v" + i);
        }
        Request.Publish publish = new Request.Publish("t", List.of(new NewRecord(null, headers, new byte[1], WHEN)));
        Request.Publish back = (Request.Publish) Frames.decodeRequest(body(Frames.encodeRequest(1, publish))).request();
        assertThat(back.records().getFirst().headers().keySet()).containsExactlyElementsOf(headers.keySet());
    }

    @Test
    void errorsComeBackAsTheApiExceptions() throws IOException {
        Request.Offsets request = new Request.Offsets(TP);
        assertThat(errorFor(request, new BrokerUnavailableException("down"))).isInstanceOf(BrokerUnavailableException.class)
                .hasMessage("down");
        assertThat(errorFor(request, new RecordTooLargeException(10, 5))).isInstanceOf(RecordTooLargeException.class)
                .hasMessage(new RecordTooLargeException(10, 5).getMessage());
        NotPartitionOwnerException notOwner = new NotPartitionOwnerException("g", "m", TP);
        assertThat(errorFor(request, notOwner)).isInstanceOf(NotPartitionOwnerException.class).hasMessage(notOwner.getMessage());
        OffsetOutOfRangeException outOfRange = new OffsetOutOfRangeException(TP, 1, 5);
        assertThat(errorFor(request, outOfRange)).isInstanceOf(OffsetOutOfRangeException.class).hasMessage(outOfRange.getMessage());
        assertThat(errorFor(request, new IllegalArgumentException("bad"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(errorFor(request, new UnknownMemberException("gone"))).isInstanceOf(UnknownMemberException.class);
        assertThat(errorFor(request, new IllegalStateException("bug"))).hasMessage("bug")
                .isExactlyInstanceOf(org.reliablemessaging.broker.BrokerException.class);
    }

    private static RuntimeException errorFor(Request<?> request, Exception failure) throws IOException {
        ByteBuffer response = body(Frames.encodeError(9, RemoteError.of(new java.util.concurrent.CompletionException(failure))));
        return Frames.decodeResponse(response, request).error().toException();
    }

    @Test
    void oversizedAndNegativeLengthsAreRejectedBeforeReadingTheBody() {
        byte[] frame = Frames.encodeRequest(1, new Request.CreateTopic("orders", 8));
        assertThatThrownBy(() -> Frames.readFrame(new ByteArrayInputStream(frame), frame.length - 5))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("outside the allowed");
        byte[] negative = ByteBuffer.allocate(8).putInt(-1).array();
        assertThatThrownBy(() -> Frames.readFrame(new ByteArrayInputStream(negative), 1024))
                .isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void truncatedFramesAreRejected() throws IOException {
        byte[] frame = Frames.encodeRequest(1, new Request.CreateTopic("orders", 8));
        assertThat(Frames.readFrame(new ByteArrayInputStream(new byte[0]), 1024)).as("clean end between frames").isNull();
        assertThatThrownBy(() -> Frames.readFrame(new ByteArrayInputStream(frame, 0, 2), 1024))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("length");
        assertThatThrownBy(() -> Frames.readFrame(new ByteArrayInputStream(frame, 0, frame.length - 1), 1024))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("stream ended after");
        // a length that claims less than the fields need: the body ends inside a field
        byte[] shortBody = Arrays.copyOfRange(frame, 4, frame.length - 2);
        assertThatThrownBy(() -> Frames.decodeRequest(ByteBuffer.wrap(shortBody)))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("ends in the middle");
    }

    @Test
    void malformedBodiesAreRejected() {
        assertThatThrownBy(() -> Frames.decodeRequest(ByteBuffer.wrap(new byte[] {99, 0, 0, 0, 1})))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("unknown request type 99");
        byte[] trailing = Arrays.copyOf(Frames.encodeRequest(1, new Request.Heartbeat(1)), 4 + 13 + 1);
        assertThatThrownBy(() -> Frames.decodeRequest(ByteBuffer.wrap(trailing, 4, trailing.length - 4)))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("unexpected bytes");
        WireOutput forgedCount = new WireOutput().writeByte(RequestType.PUBLISH.code()).writeInt(1).writeString("t")
                .writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> Frames.decodeRequest(body(forgedCount.toFrame())))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("does not fit");
        WireOutput negativePartition = new WireOutput().writeByte(RequestType.OFFSETS.code()).writeInt(1).writeString("t")
                .writeInt(-4);
        assertThatThrownBy(() -> Frames.decodeRequest(body(negativePartition.toFrame())))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("invalid field");
        WireOutput badUtf8 = new WireOutput().writeByte(RequestType.DESCRIBE_TOPIC.code()).writeInt(1)
                .writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> Frames.decodeRequest(body(badUtf8.toFrame())))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("UTF-8");
        WireOutput nullHeader = new WireOutput().writeByte(RequestType.PUBLISH.code()).writeInt(1).writeString("t")
                .writeInt(1).writeString("k").writeInt(1).writeString("trace").writeString(null)
                .writeBytes(new byte[1]).writeLong(0).writeInt(0);
        assertThatThrownBy(() -> Frames.decodeRequest(body(nullHeader.toFrame())))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("must not be null");
    }

    private static ByteBuffer body(byte[] frame) throws IOException {
        return Frames.readFrame(new ByteArrayInputStream(frame), Integer.MAX_VALUE);
    }

    record Exchange<R>(Request<R> request, R response) {
        @Override
        public String toString() {
            return request.type().toString();
        }
    }
}
