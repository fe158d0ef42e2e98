package org.reliablemessaging.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaNodePropertiesTests {

    /** Node 2; in {@link #write} the links are numbered after their direction: 1100 or 2000 + 10 * from + to. */
    private static final KafkaNodeProperties NODE_2 = new KafkaNodeProperties(2, 9092, List.of(201, 202, 203),
            List.of(301, 302, 303));

    @Test
    void theQuorumIsReachedThroughTheLinksOfThisNodeAndItsOwnControllerDirectly(@TempDir Path home)
            throws IOException {
        Properties written = write(home);

        assertThat(written.getProperty("node.id")).isEqualTo("2");
        assertThat(written.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(written.getProperty("controller.quorum.voters"))
            .isEqualTo("1@127.0.0.1:1121,2@127.0.0.1:202,3@127.0.0.1:1123");
        // Its own controller listener first: the name its raft client looks up in a leader's endpoints.
        assertThat(written.getProperty("controller.listener.names")).isEqualTo("C2,C1,C3");
        assertThat(written.getProperty("inter.broker.listener.name")).isEqualTo("R2");
    }

    @Test
    void eachPeerFindsThisNodeAtItsOwnLinkWhileClientsConnectDirectly(@TempDir Path home) throws IOException {
        Properties written = write(home);

        assertThat(written.getProperty("listeners")).isEqualTo("CLIENT://127.0.0.1:9092,"
                + "C1://127.0.0.1:201,R1://127.0.0.1:301,C2://127.0.0.1:202,R2://127.0.0.1:302,"
                + "C3://127.0.0.1:203,R3://127.0.0.1:303");
        assertThat(written.getProperty("advertised.listeners")).isEqualTo("CLIENT://127.0.0.1:9092,"
                + "C1://127.0.0.1:1112,R1://127.0.0.1:2012,C2://127.0.0.1:202,R2://127.0.0.1:302,"
                + "C3://127.0.0.1:1132,R3://127.0.0.1:2032");
    }

    @Test
    void everyTopicHasThreeReplicasTwoOfThemInSyncForAWrite(@TempDir Path home) throws IOException {
        Properties written = write(home);

        assertThat(written.getProperty("default.replication.factor")).isEqualTo("3");
        assertThat(written.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
        assertThat(written.getProperty("transaction.state.log.replication.factor")).isEqualTo("3");
        assertThat(written.getProperty("share.coordinator.state.topic.replication.factor")).isEqualTo("3");
        assertThat(written.getProperty("min.insync.replicas")).isEqualTo("2");
        assertThat(written.getProperty("unclean.leader.election.enable")).isEqualTo("false");
        assertThat(written.getProperty("log.dirs")).isEqualTo(home.resolve("log").toString());
    }

    private static Properties write(Path home) throws IOException {
        Path file = NODE_2.write(home, (from, to) -> from == to ? 200 + to : 1100 + 10 * from + to,
                (from, to) -> from == to ? 300 + to : 2000 + 10 * from + to);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
