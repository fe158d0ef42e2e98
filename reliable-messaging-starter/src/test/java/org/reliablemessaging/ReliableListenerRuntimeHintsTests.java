package org.reliablemessaging;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.jdbc.OutboxSchemaRuntimeHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/** What Spring AOT registers for a native image: listener methods, their payload types, the migrations. */
class ReliableListenerRuntimeHintsTests {

    sealed interface StockReply permits Reserved, Rejected {
    }

    record Reserved(String sku, int quantity) implements StockReply {
    }

    record Rejected(String sku, String reason) implements StockReply {
    }

    record Line(String sku) {
    }

    record OrderPlaced(String id, Line line) {
    }

    static class Listeners {

        @ReliableListener(topic = "orders", group = "stock")
        void on(OrderPlaced order, MessageContext context) {
        }

        @ReliableListener(topic = "stock", group = "orders")
        void onReply(StockReply reply) {
        }

        void notAListener(String text) {
        }
    }

    private final RuntimeHints hints = new RuntimeHints();

    @Test
    void listenerMethodsMayBeInvokedAndTheirPayloadsBoundFromJson() {
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, Listeners.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "on")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "onReply")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "notAListener"))
                .rejects(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(OrderPlaced.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Line.class)).as("a nested record").accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Reserved.class)).as("a permitted class").accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Rejected.class)).as("a permitted class").accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(MessageContext.class)).rejects(hints);
    }

    @Test
    void theMigrationScriptsOfEveryDatabaseAreKept() {
        new OutboxSchemaRuntimeHints().registerHints(hints, getClass().getClassLoader());

        for (String vendor : new String[] { "postgresql", "mysql", "h2" }) {
            assertThat(RuntimeHintsPredicates.resource().forResource("db/reliable-messaging/" + vendor + "/V1__outbox.sql"))
                    .accepts(hints);
        }
    }
}
