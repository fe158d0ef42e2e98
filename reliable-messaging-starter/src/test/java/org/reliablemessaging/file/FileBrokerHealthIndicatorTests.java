package org.reliablemessaging.file;

import java.net.InetAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.client.ClientConfig;
import org.reliablemessaging.broker.client.RemoteBroker;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.server.BrokerServer;
import org.reliablemessaging.broker.server.ServerConfig;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The file broker's health, embedded and as a client, on real brokers. */
class FileBrokerHealthIndicatorTests {

    @TempDir
    Path directory;

    @Test
    void anEmbeddedBrokerIsUpWhileOpenAndDownOnceClosed() {
        FileBroker broker = FileBroker.open(BrokerConfig.defaults(directory));
        FileBrokerHealthIndicator indicator = new FileBrokerHealthIndicator(broker, "embedded in " + directory);

        Health open = indicator.health();
        assertThat(open.getStatus()).isEqualTo(Status.UP);
        assertThat(open.getDetails()).containsEntry("state", "RUNNING").containsEntry("broker", "embedded in " + directory);

        broker.close();
        Health closed = indicator.health();
        assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
        assertThat(closed.getDetails()).containsEntry("state", "CLOSED");
    }

    @Test
    void aClientIsUpWhileItReachesTheBrokerAndDownWithTheReasonWhenItCannot() throws Exception {
        FileBroker broker = FileBroker.open(BrokerConfig.defaults(directory));
        BrokerServer server = BrokerServer.start(broker,
                ServerConfig.defaults().withAddress(InetAddress.getLoopbackAddress(), 0));
        RemoteBroker client = RemoteBroker.connect(ClientConfig.of("127.0.0.1", server.port()));
        FileBrokerHealthIndicator indicator = new FileBrokerHealthIndicator(client, "client of 127.0.0.1:" + server.port());
        try {
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            server.close();
            broker.close();
            Health unreachable = indicator.health();
            assertThat(unreachable.getStatus()).isEqualTo(Status.DOWN);
            assertThat(unreachable.getDetails()).containsEntry("state", "UNREACHABLE");
            assertThat((String) unreachable.getDetails().get("reason"))
                    .startsWith("cannot reach the broker at 127.0.0.1:" + server.port());
        }
        finally {
            client.close();
        }
    }
}
