package org.reliablemessaging.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTests {

    private static final List<String> REQUIRED = List.of("--order-jar", "order.jar", "--inventory-jar", "inventory.jar",
            "--data-dir", "data/demo");

    @Test
    void theFullDemoByDefault() {
        Options options = parse();

        assertThat(options.chaos()).isFalse();
        assertThat(options.orderJar()).isEqualTo(Path.of("order.jar"));
        assertThat(options.inventoryJar()).isEqualTo(Path.of("inventory.jar"));
        assertThat(options.dataDir()).isEqualTo(Path.of("data/demo"));
        assertThat(options.orders()).isEqualTo(300);
        assertThat(options.customers()).isEqualTo(8);
        assertThat(options.initialStock()).isEqualTo(300 * 7 / 16);
        assertThat(options.paymentTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.orderingTime()).isEqualTo(Duration.ofSeconds(45));
        assertThat(options.transport()).isEqualTo("file");
        assertThat(options.faults()).isEmpty();
        assertThat(options.runs()).isEqualTo(1);
        assertThat(options.report()).isNull();
        assertThat(List.of(options.orderPort(), options.inventoryPort(), options.brokerPort())).allMatch(port -> port > 0);
    }

    @Test
    void aShortRunHasFewerOrdersAndCustomers() {
        Options options = parse("--short");

        assertThat(options.orders()).isEqualTo(80);
        assertThat(options.customers()).isEqualTo(6);
        assertThat(options.initialStock()).isEqualTo(35);
        assertThat(options.orderingTime()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aFaultPlanRunsTheHarnessWithItsOwnDefaults() {
        Options options = parse("--faults", " kill-broker, kill-order,,", "--transport", "kafka", "--report", "r.jsonl",
                "--seed", "42");

        assertThat(options.chaos()).isTrue();
        assertThat(options.faults()).containsExactly("kill-broker", "kill-order");
        assertThat(options.orders()).isEqualTo(150);
        assertThat(options.paymentTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.faultsPerRun()).isEqualTo(2);
        assertThat(options.injections()).isEqualTo(2);
        assertThat(options.transport()).isEqualTo("kafka");
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.report()).isEqualTo(Path.of("r.jsonl"));
    }

    @Test
    void aRabbitClusterIsNamedInTheReportByItsSize() {
        assertThat(parse("--transport", "rabbit").rabbitNodes()).isEqualTo(1);
        assertThat(parse("--transport", "rabbit").setup()).isEqualTo("rabbit");
        Options cluster = parse("--transport", "rabbit", "--rabbit-nodes", "3");
        assertThat(cluster.rabbitNodes()).isEqualTo(3);
        assertThat(cluster.setup()).isEqualTo("rabbit-3-nodes");
    }

    @Test
    void theKafkaClusterOnlyWithClusterKafka() {
        assertThat(parse("--transport", "kafka", "--cluster", "kafka").kafkaCluster()).isTrue();
        assertThat(parse("--transport", "kafka").kafkaCluster()).isFalse();
        assertThat(parse("--cluster", "rabbit").kafkaCluster()).isFalse();
    }

    @Test
    void givenNumbersWinOverTheDefaults() {
        Options options = parse("--short", "--orders", "16", "--customers", "2", "--payment-timeout", "9");

        assertThat(options.orders()).isEqualTo(16);
        assertThat(options.customers()).isEqualTo(2);
        assertThat(options.initialStock()).isEqualTo(7);
        assertThat(options.paymentTimeout()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void theStockIsNeverBelowFive() {
        assertThat(parse("--orders", "3").initialStock()).isEqualTo(5);
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> parse("extra")).isInstanceOf(DemoFailed.class)
            .hasMessage("unknown argument extra; see the top of bin/demo for the options");
        // An option without its value is one too.
        assertThatThrownBy(() -> parse("--orders")).isInstanceOf(DemoFailed.class)
            .hasMessageStartingWith("unknown argument --orders");
    }

    @Test
    void aNumberThatIsNoneIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse("--orders", "many")).isInstanceOf(DemoFailed.class)
            .hasMessage("--orders takes a whole number, not \"many\"");
        assertThatThrownBy(() -> parse("--seed", "x")).isInstanceOf(DemoFailed.class)
            .hasMessage("--seed takes a whole number, not \"x\"");
    }

    @Test
    void aMissingJarIsRefused() {
        assertThatThrownBy(() -> Options.parse(new String[] { "--order-jar", "o.jar", "--data-dir", "d" }))
            .isInstanceOf(DemoFailed.class)
            .hasMessage("--inventory-jar is required (bin/demo passes it)");
    }

    @Test
    void aGivenPortMustBeFree() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            String port = Integer.toString(taken.getLocalPort());
            assertThatThrownBy(() -> parse("--order-port", port)).isInstanceOf(DemoFailed.class)
                .hasMessage("port " + port + " (--order-port) is taken");
        }
        int free = Ports.free();
        assertThat(parse("--broker-port", Integer.toString(free)).brokerPort()).isEqualTo(free);
    }

    private static Options parse(String... arguments) {
        List<String> all = new ArrayList<>(REQUIRED);
        all.addAll(List.of(arguments));
        return Options.parse(all.toArray(String[]::new));
    }
}
