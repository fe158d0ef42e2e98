package org.reliablemessaging.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reliablemessaging.broker.TestBrokers.small;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.reliablemessaging.broker.embedded.FileBroker;

class DirectoryLockTests {

    @TempDir
    Path directory;

    @Test
    void aSecondBrokerInTheSameJvmIsRefused() {
        try (FileBroker owner = FileBroker.open(small(directory))) {
            assertThatThrownBy(() -> FileBroker.open(small(directory))).isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining(directory.toString()).hasMessageContaining("owned by another broker");
            assertThat(owner.health().status()).isEqualTo(BrokerHealth.Status.RUNNING);
        }
        FileBroker.open(small(directory)).close();
    }

    @Test
    void aBrokerInAnotherJvmIsRefused() throws IOException, InterruptedException {
        try (FileBroker owner = FileBroker.open(small(directory))) {
            Process other = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                    System.getProperty("java.class.path"), SecondOpener.class.getName(), directory.toString())
                    .redirectErrorStream(true).start();
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(output).contains(DirectoryLockedException.class.getSimpleName())
                    .contains(directory.toString());
        }
    }

    /** Tries to open a broker directory in a fresh JVM and prints what happened. */
    static final class SecondOpener {

        public static void main(String[] args) {
            try (FileBroker broker = FileBroker.open(small(Path.of(args[0])))) {
                System.out.println("opened " + broker.health());
            }
            catch (BrokerException ex) {
                System.out.println(ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
        }
    }
}
