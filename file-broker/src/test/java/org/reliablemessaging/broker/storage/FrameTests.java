package org.reliablemessaging.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameTests {

    @TempDir
    Path directory;

    private final Frame first = new Frame(FrameType.RECORDS, 3, 40, 2, 1_700_000_000_000L,
            "payload one".getBytes(StandardCharsets.UTF_8));
    private final Frame second = new Frame(FrameType.TOPIC_CREATED, 7, 0, 4, 1_700_000_000_001L,
            "topic".getBytes(StandardCharsets.UTF_8));

    @Test
    void framesComeBackAsTheyWereWrittenAndAZeroLengthEndsTheData() throws IOException {
        Path file = write(first, second);
        Files.write(file, new byte[100], StandardOpenOption.APPEND);

        try (FileChannel channel = FileChannel.open(file)) {
            FrameScanner scanner = new FrameScanner(channel, 0, Long.MAX_VALUE);
            FrameScanner.Found one = (FrameScanner.Found) scanner.next(id -> true);
            FrameScanner.Found two = (FrameScanner.Found) scanner.next(id -> true);

            assertThat(one.position()).isZero();
            assertFrame(one.frame(), first);
            assertThat(two.position()).isEqualTo(first.size());
            assertFrame(two.frame(), second);
            assertThat(scanner.next(id -> true)).isEqualTo(new FrameScanner.End(first.size() + second.size()));
        }
    }

    @Test
    void aFlippedBitIsDetected() throws IOException {
        Path file = write(first, second);
        byte[] bytes = Files.readAllBytes(file);
        bytes[first.size() + Frame.HEADER_BYTES + 2] ^= 0x10;
        Files.write(file, bytes);

        try (FileChannel channel = FileChannel.open(file)) {
            FrameScanner scanner = new FrameScanner(channel, 0, Long.MAX_VALUE);
            assertThat(scanner.next(id -> true)).isInstanceOf(FrameScanner.Found.class);
            assertThat(scanner.next(id -> true))
                    .isEqualTo(new FrameScanner.Invalid(first.size(), "CRC mismatch"));
        }
    }

    @Test
    void aTruncatedTailIsDetected() throws IOException {
        Path file = write(first, second);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(first.size() + second.size() - 3);
        }

        try (FileChannel channel = FileChannel.open(file)) {
            FrameScanner scanner = new FrameScanner(channel, 0, Long.MAX_VALUE);
            assertThat(scanner.next(id -> true)).isInstanceOf(FrameScanner.Found.class);
            FrameScanner.Step tail = scanner.next(id -> true);
            assertThat(tail).isInstanceOf(FrameScanner.Invalid.class);
            assertThat(((FrameScanner.Invalid) tail).reason()).contains("does not fit");
        }
    }

    @Test
    void framesOfOtherPartitionsAreSkippedWithoutReadingThem() throws IOException {
        Frame other = new Frame(FrameType.RECORDS, 9, 0, 1, 0, new byte[100_000]);
        Path file = write(other, first);

        try (FileChannel channel = FileChannel.open(file)) {
            FrameScanner.Found found = (FrameScanner.Found) new FrameScanner(channel, 0, Long.MAX_VALUE)
                    .next(id -> id == 3);
            assertFrame(found.frame(), first);
        }
    }

    @Test
    void aValidFrameIsFoundBehindGarbage() throws IOException {
        Path file = directory.resolve("segment");
        ByteBuffer garbage = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            channel.write(garbage);
            channel.write(first.encode());
            assertThat(FrameScanner.validFrameAfter(channel, 0)).isTrue();
            assertThat(FrameScanner.validFrameAfter(channel, garbage.capacity())).isFalse();
        }
    }

    private Path write(Frame... frames) throws IOException {
        Path file = directory.resolve("segment");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (Frame frame : frames) {
                channel.write(frame.encode());
            }
        }
        return file;
    }

    private static void assertFrame(Frame actual, Frame expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }
}
