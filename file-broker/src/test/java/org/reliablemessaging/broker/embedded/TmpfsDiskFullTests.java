package org.reliablemessaging.broker.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reliablemessaging.broker.TestBrokers.readAll;
import static org.reliablemessaging.broker.TestBrokers.small;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.BrokerHealth;
import org.reliablemessaging.broker.TestBrokers;
import org.reliablemessaging.broker.TopicPartition;

/**
 * The file broker on a real file system that fills up: a 1 MiB tmpfs mounted in the test's own temporary
 * directory and unmounted after it. Skipped where mounting is not allowed; {@link DiskFullTests} simulates the
 * same at the file channel.
 */
class TmpfsDiskFullTests {

    private static final TopicPartition PARTITION = new TopicPartition("t", 0);
    private static final String RECORD = "r".repeat(1000);

    @TempDir
    Path temporary;

    private Path mountPoint;
    private boolean mounted;
    private final Acknowledgements published = new Acknowledgements();

    @BeforeEach
    void mountASmallFileSystem() throws IOException, InterruptedException {
        mountPoint = Files.createDirectory(temporary.resolve("tmpfs"));
        String refusal = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(refusal.isEmpty(), () -> "mounting a 1 MiB tmpfs is not allowed here (" + refusal
                + "); DiskFullTests covers a full disk at the file channel instead");
        mounted = true;
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        if (!mounted) {
            return;
        }
        String failure = run("umount", mountPoint.toString());
        // recovery maps segments to look past a torn tail, and a mapping holds the file system until collected
        for (int attempt = 0; !failure.isEmpty() && attempt < 20; attempt++) {
            System.gc();
            Thread.sleep(100);
            failure = run("umount", mountPoint.toString());
        }
        if (!failure.isEmpty()) {
            String lazy = run("umount", "--lazy", mountPoint.toString());
            assertThat(failure).as("unmounting " + mountPoint + " (detached lazily instead: " + lazy + ")").isEmpty();
        }
    }

    @Test
    void aFilledFileSystemRefusesWritesServesReadsAndTakesWritesOnceSpaceIsFreed() throws Exception {
        Path directory = Files.createDirectory(mountPoint.resolve("broker"));
        Path filler = mountPoint.resolve("filler");
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("t", 1);
            fill(filler);
            for (int i = 0; i < 1000 && published.refused.isEmpty(); i++) {
                published.publish(broker, "t", List.of(RECORD + i));
            }

            assertThat(published.refusals).as("a write fails once the file system is full").isNotEmpty()
                    .allSatisfy(refusal -> assertThat(refusal).hasMessageContaining("free space in " + directory));
            assertThat(broker.health().status()).isEqualTo(BrokerHealth.Status.WRITES_FAILING);
            assertThat(readAll(broker, PARTITION)).extracting(TestBrokers::text)
                    .containsExactlyElementsOf(published.acknowledged);

            Files.delete(filler);
            for (int i = 0; i < 100; i++) {
                published.publishUntilAcknowledged(broker, "t", "after-" + i);
            }
            assertThat(broker.health().status()).isEqualTo(BrokerHealth.Status.RUNNING);
        }
        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThat(readAll(broker, PARTITION)).extracting(TestBrokers::text)
                    .containsExactlyElementsOf(published.acknowledged);
        }
    }

    /** Writes {@code filler} until the file system has no block left. */
    private static void fill(Path filler) throws IOException {
        ByteBuffer block = ByteBuffer.wrap(new byte[4096]);
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                channel.write(block.clear());
            }
        }
        catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
        }
    }

    /** Runs {@code command}; returns its output when it fails, empty when it succeeds. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (IOException missing) {
            return missing.getMessage();
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command) + " finishes").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? "" : "exit " + process.exitValue() + ": " + output;
    }
}
