package org.reliablemessaging.listener;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic and group names from configuration reach broker declarations (Kafka subscriptions, RabbitMQ
 * exchanges and queues, file broker topics): hostile ones fail start-up, naming the method, before any
 * transport sees them.
 */
class HostileListenerNamesTests {

    private final InMemoryTransport transport = new InMemoryTransport();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ReliableListenerAutoConfiguration.class))
        .withBean(InMemoryTransport.class, () -> transport)
        .withBean(Configured.class);

    static class Configured {

        @ReliableListener(topic = "${app.topic:orders}", group = "${app.group:inventory}",
                idempotent = ReliableListener.Idempotency.NONE)
        void on(String payload) {
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rm_; DROP TABLE x; --", "orders'", "ord\"ers", "../etc/passwd", "a/b", "a\\b", "a b",
            "a#b", "a*b", "orders\u0000x", "ordérs", "\u202Eorders", "x\ny", ".", "..", "amq.gen/x"})
    void aHostileTopicFailsStartUpBeforeAnyTransportSeesIt(String topic) {
        runner.withPropertyValues("app.topic=" + topic).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("HostileListenerNamesTests$Configured.on(String)")
                .hasMessageContaining("must be 1 to 249 characters of [A-Za-z0-9._-]");
            assertThat(transport.subscriptions).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"rm_; DROP TABLE x; --", "g'", "a b", "a#b", "g/../x", "g\u0000x", "groupé"})
    void aHostileGroupFailsStartUpBeforeAnyTransportSeesIt(String group) {
        runner.withPropertyValues("app.group=" + group).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("must be 1 to 100 characters of [A-Za-z0-9._-]");
            assertThat(transport.subscriptions).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {250, 10_000})
    void aTopicTooLongFailsStartUp(int length) {
        runner.withPropertyValues("app.topic=" + "t".repeat(length)).run(context -> assertThat(context).hasFailed());
    }
}
