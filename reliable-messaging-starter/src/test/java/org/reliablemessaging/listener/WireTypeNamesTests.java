package org.reliablemessaging.listener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.transport.InboundMessage;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The type name a message carries picks among the classes the listener declared, and nothing else: a class
 * name from the wire is never loaded, let alone instantiated.
 */
class WireTypeNamesTests {

    /** Set by {@link Tripwire}'s static initializer: loading the class by its name would trip it. */
    static final AtomicBoolean TRIPPED = new AtomicBoolean();

    static final class Tripwire {

        static {
            TRIPPED.set(true);
        }

        public String command;
    }

    @MessageType("order-placed")
    record OrderPlaced(String orderId, int quantity) {
    }

    sealed interface OrderEvent permits Placed, Cancelled {
    }

    record Placed(String orderId) implements OrderEvent {
    }

    record Cancelled(String orderId) implements OrderEvent {
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.ProcessBuilder", "java.lang.Runtime",
            "org.springframework.context.support.ClassPathXmlApplicationContext",
            "org.springframework.beans.factory.config.PropertyPathFactoryBean", "javax.naming.InitialContext",
            "org.reliablemessaging.listener.WireTypeNamesTests$Tripwire", "WireTypeNamesTests$Tripwire", "Tripwire",
            "[Ljava.lang.Object;", "java.util.HashMap", "OrderPlaced", "Placed ", "order-placed\u0000"})
    void aTypeNameThatIsNotDeclaredIsRefusedWithoutLoadingAnything(String wireType) {
        for (Class<?> target : new Class<?>[] {OrderPlaced.class, OrderEvent.class, Object.class}) {
            PayloadConverter converter = new PayloadConverter(JsonMapper.builder().build(), target);
            assertThatThrownBy(() -> converter.convert(message(wireType,
                    "{\"command\":[\"touch\",\"/tmp/pwned\"],\"@class\":\"java.lang.ProcessBuilder\"}")))
                .as(target.getSimpleName())
                .isInstanceOf(UnconvertibleMessageException.class)
                .hasMessageStartingWith("unknown type '");
        }
        assertThat(TRIPPED).as("the class named by the wire was initialized").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"@class\":\"java.lang.ProcessBuilder\",\"orderId\":\"o-1\"}",
            "[\"java.lang.ProcessBuilder\",{\"orderId\":\"o-1\"}]"})
    void polymorphicTypeHintsInThePayloadAreNotFollowed(String payload) {
        PayloadConverter converter = new PayloadConverter(JsonMapper.builder().build(), OrderEvent.class);
        try {
            Object converted = converter.convert(message("Placed", payload));
            assertThat(converted).isEqualTo(new Placed("o-1"));
        }
        catch (UnconvertibleMessageException refused) {
            assertThat(refused).hasMessageContaining("malformed Placed payload");
        }
        assertThat(TRIPPED).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Placed", "Cancelled"})
    void theDeclaredTypesAreAccepted(String wireType) {
        PayloadConverter converter = new PayloadConverter(JsonMapper.builder().build(), OrderEvent.class);
        assertThat(converter.convert(message(wireType, "{\"orderId\":\"o-1\"}"))).isInstanceOf(OrderEvent.class);
    }

    private static InboundMessage message(String type, String payload) {
        return new InboundMessage("orders", "k", Map.of(ReliableHeaders.TYPE, type, ReliableHeaders.ID, "id-1"),
                payload.getBytes(StandardCharsets.UTF_8), "orders-0", 0, Instant.now());
    }
}
