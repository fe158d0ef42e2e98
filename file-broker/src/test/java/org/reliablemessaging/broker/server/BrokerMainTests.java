package org.reliablemessaging.broker.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.Durability;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.client.ClientConfig;
import org.reliablemessaging.broker.client.RemoteBroker;

/** The broker's command line and its process: arguments, the ready line, a locked directory, SIGTERM. */
class BrokerMainTests {

    @TempDir
    Path work;

    @Test
    void parsesEveryOptionAndTakesTheTokenFromTheEnvironment() {
        BrokerArguments arguments = BrokerArguments.parse(new String[] {"--dir", "/d", "--port", "0", "--bind", "0.0.0.0",
                "--durability", "interval(50ms)"}, Map.of(BrokerArguments.TOKEN_VARIABLE, "from-env"));
        assertThat(arguments.directory()).isEqualTo(Path.of("/d"));
        assertThat(arguments.port()).isZero();
        assertThat(arguments.bind()).isEqualTo("0.0.0.0");
        assertThat(arguments.token()).isEqualTo("from-env");
        assertThat(arguments.durability()).isEqualTo(Durability.interval(java.time.Duration.ofMillis(50)));
        assertThat(arguments.toString()).doesNotContain("from-env");
        assertThat(BrokerArguments.parse(new String[] {"--dir", "d", "--token", "flag"}, Map.of(BrokerArguments.TOKEN_VARIABLE, "env"))
                .token()).isEqualTo("flag");
        assertThat(BrokerArguments.parse(new String[] {"--help"}, Map.of()).help()).isTrue();
    }

    @Test
    void rejectsBadArgumentsSayingWhichOne() {
        assertThatThrownBy(() -> BrokerArguments.parse(new String[] {"--port", "1"}, Map.of())).hasMessageContaining("--dir is required");
        assertThatThrownBy(() -> BrokerArguments.parse(new String[] {"--dir", "d", "--port", "x"}, Map.of())).hasMessageContaining("--port");
        assertThatThrownBy(() -> BrokerArguments.parse(new String[] {"--dir", "d", "--color", "red"}, Map.of())).hasMessageContaining("--color");
        assertThatThrownBy(() -> BrokerArguments.parse(new String[] {"--dir"}, Map.of())).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BrokerArguments.parse(new String[] {"--dir", "d", "--durability", "always"}, Map.of()))
                .hasMessageContaining("unknown durability");
    }

    @Test
    void exitsNonZeroOnBadArgumentsAndOnAnotherBrokersDirectory() throws Exception {
        Path log = work.resolve("broker.log");
        BrokerProcess.Finished badPort = BrokerProcess.run(log, "--dir", work.toString(), "--port", "99999");
        assertThat(badPort.status()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port must be a number");

        BrokerProcess.Finished open = BrokerProcess.run(log, "--dir", work.resolve("d").toString(), "--bind", "0.0.0.0");
        assertThat(open.status()).isEqualTo(2);
        assertThat(open.err()).contains("needs a token");

        try (BrokerProcess first = BrokerProcess.start(log, "--dir", work.resolve("d").toString(), "--port", "0")) {
            BrokerProcess.Finished second = BrokerProcess.run(log, "--dir", work.resolve("d").toString(), "--port", "0");
            assertThat(second.status()).isEqualTo(1);
            assertThat(second.err()).contains("owned by another broker");
        }
    }

    @Test
    void servesUntilSigtermThenClosesCleanlyAndKeepsTheData() throws Exception {
        Path log = work.resolve("broker.log");
        String dir = work.resolve("d").toString();
        try (BrokerProcess broker = BrokerProcess.start(log, "--dir", dir, "--port", "0");
                RemoteBroker client = RemoteBroker.connect(ClientConfig.of("127.0.0.1", broker.port))) {
            client.publish("t", NewRecord.of("k", "kept".getBytes(StandardCharsets.UTF_8))).join();
            broker.close();
            assertThat(broker.process.exitValue()).as("SIGTERM ends the broker through its shutdown hook").isEqualTo(143);
        }
        assertThat(java.nio.file.Files.readString(log)).contains("file-broker closed dir=" + dir);
        try (BrokerProcess again = BrokerProcess.start(log, "--dir", dir, "--port", "0");
                RemoteBroker client = RemoteBroker.connect(ClientConfig.of("127.0.0.1", again.port))) {
            assertThat(client.describeTopic("t")).isPresent();
        }
    }
}
