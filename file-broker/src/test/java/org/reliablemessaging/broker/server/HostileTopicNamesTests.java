package org.reliablemessaging.broker.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.client.RemoteBroker;

/**
 * Topic names with path separators, NUL, control or look-alike characters are refused when a topic is
 * created or published to, embedded and over the wire; the connection stays usable, and nothing is stored.
 */
class HostileTopicNamesTests {

    private static final String[] HOSTILE = {"", " ", "a/b", "../../etc/passwd", "a\\b", "a\u0000b", "a\nb",
            "orders'", "rm_; DROP TABLE x; --", "ordérs", "\u202Eorders", "a b", "a#b", ".", "..", "t".repeat(250)};

    @TempDir
    Path dir;

    @Test
    void hostileNamesAreRefusedEmbeddedAndOverTheWireAndNothingIsStored() throws Exception {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults());
                RemoteBroker client = harness.client()) {
            FileBroker broker = harness.broker;
            for (String topic : HOSTILE) {
                assertThatThrownBy(() -> broker.createTopic(topic, 1)).as("create '%s'", topic)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[A-Za-z0-9._-]");
                assertThatThrownBy(() -> broker.publish(topic, NewRecord.of("k", new byte[1])).join())
                        .as("publish '%s'", topic).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> client.createTopic(topic, 1)).as("remote create '%s'", topic)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[A-Za-z0-9._-]");
                assertThatThrownBy(() -> client.publish(topic, NewRecord.of("k", new byte[1])).join())
                        .as("remote publish '%s'", topic).isInstanceOf(CompletionException.class)
                        .hasRootCauseInstanceOf(IllegalArgumentException.class);
                assertThat(broker.describeTopic(topic)).isEmpty();
            }
            assertThat(client.publish("orders.v1_eu-2", NewRecord.of("k", new byte[1])).join().offset())
                    .as("the same connection still works").isZero();
        }
    }
}
