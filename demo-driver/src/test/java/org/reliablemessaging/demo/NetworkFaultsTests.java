package org.reliablemessaging.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkFaultsTests {

    @Test
    void withoutANetworkFaultTheServicesReachTheServersDirectly() {
        try (NetworkFaults network = new NetworkFaults(List.of(Fault.KILL_ORDER))) {
            assertThat(network.brokerPort(7420)).isEqualTo(7420);
            assertThat(network.databasePort(5432)).isEqualTo(5432);
            assertThat(network.onDatabase()).isFalse();
        }
    }

    @Test
    void aFaultOnALinkPutsOneProxyOnItThatForwardsToTheServer() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                NetworkFaults network = new NetworkFaults(List.of(Fault.PARTITION_DATABASE))) {
            int port = network.databasePort(server.getLocalPort());

            assertThat(port).isNotEqualTo(server.getLocalPort());
            assertThat(network.databasePort(server.getLocalPort())).as("every database through the same proxy")
                .isEqualTo(port);
            assertThat(network.brokerPort(7420)).isEqualTo(7420);
            assertThat(network.onDatabase()).isTrue();
            try (Socket client = new Socket("127.0.0.1", port); Socket accepted = server.accept()) {
                client.getOutputStream().write(42);
                assertThat(accepted.getInputStream().read()).isEqualTo(42);
            }
        }
    }

    @Test
    void theBrokersLinkIsRefusedForKafkaAndTheDatabasesTaken() {
        assertThatThrownBy(() -> NetworkFaults.checkTransport(Fault.PARTITION_BROKER, "kafka"))
            .isInstanceOf(DemoFailed.class)
            .hasMessageContaining("--transport file or rabbit");
        assertThatThrownBy(() -> NetworkFaults.checkTransport(Fault.SLOW_LINK_BROKER, "kafka"))
            .isInstanceOf(DemoFailed.class);
        assertThatNoException().isThrownBy(() -> NetworkFaults.checkTransport(Fault.PARTITION_DATABASE, "kafka"));
        assertThatNoException().isThrownBy(() -> NetworkFaults.checkTransport(Fault.PARTITION_BROKER, "rabbit"));
    }
}
