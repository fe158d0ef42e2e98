package org.reliablemessaging.demo;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosTests {

    @Test
    void aFaultOfAClusterNodeNeedsACluster() {
        assertThatThrownBy(() -> chaos("--transport", "rabbit", "--faults", "kill-rabbit-leader"))
            .isInstanceOf(DemoFailed.class)
            .hasMessage("kill-rabbit-leader is done to one node of a RabbitMQ cluster: --rabbit-nodes 3"
                    + " (bin/chaos --cluster rabbit)");
        assertThatThrownBy(() -> chaos("--transport", "kafka", "--rabbit-nodes", "3", "--faults", "pause-rabbit"))
            .isInstanceOf(DemoFailed.class)
            .hasMessageStartingWith("pause-rabbit needs --transport rabbit");
        assertThatCode(() -> chaos("--transport", "rabbit", "--rabbit-nodes", "3", "--faults",
                "kill-rabbit-leader,stop-app-rabbit,pause-rabbit,close-rabbit-connections"))
            .doesNotThrowAnyException();
    }

    @Test
    void aClusterIsOfRabbitMqNodes() {
        assertThatThrownBy(() -> chaos("--transport", "file", "--rabbit-nodes", "3", "--faults", "kill-order"))
            .isInstanceOf(DemoFailed.class)
            .hasMessage("--rabbit-nodes is the size of the harness's RabbitMQ cluster: --transport rabbit");
    }

    /** Validates the plan; starts nothing (the private servers start on first use). */
    private static Chaos chaos(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--order-jar", "o.jar", "--inventory-jar", "i.jar", "--data-dir",
                "target/chaos-tests"));
        all.addAll(List.of(arguments));
        return new Chaos(Options.parse(all.toArray(String[]::new)));
    }
}
