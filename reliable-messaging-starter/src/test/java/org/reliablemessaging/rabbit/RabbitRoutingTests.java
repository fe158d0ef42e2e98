package org.reliablemessaging.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reliablemessaging.TransportTestMessages;
import org.reliablemessaging.internal.KeyHash;
import org.reliablemessaging.spi.transport.OutboundMessage;

class RabbitRoutingTests {

    private final RabbitRouting routing = new RabbitRouting("rm.", 8);

    @Test
    void namesExchangesAndQueuesFromThePrefixTopicGroupAndPartition() {
        assertThat(routing.exchange("orders.v1")).isEqualTo("rm.orders.v1");
        assertThat(routing.queue("orders.v1", "billing", 7)).isEqualTo("rm.orders.v1.billing.7");
        assertThat(routing.parkingQueue("orders.v1", "billing")).isEqualTo("rm.orders.v1.billing.parked");
    }

    @Test
    void partitionsByKeyOrByIdWhenThereIsNoKey() {
        OutboundMessage keyed = TransportTestMessages.message("orders", "order-42", 1);
        OutboundMessage unkeyed = TransportTestMessages.message("orders", null, 0);

        assertThat(routing.partition(keyed)).isEqualTo(KeyHash.bucket("order-42", 8));
        assertThat(routing.partition(unkeyed)).isEqualTo(KeyHash.bucket(unkeyed.id().toString(), 8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders eu", "orders#", "orders.*", "#", "a\u0000b", "ordérs", "orders'", "a\"b",
            "rm_; DROP TABLE x; --", "../x", "a\nb", ""})
    void hostileTopicAndGroupNamesAreRefusedBeforeAnyDeclaration(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> routing.exchange(name))
                .withMessageContaining("invalid RabbitMQ");
        assertThatIllegalArgumentException().isThrownBy(() -> routing.queue("orders", name, 0))
                .withMessageContaining("invalid RabbitMQ");
        assertThatIllegalArgumentException().isThrownBy(() -> routing.parkingQueue("orders", name))
                .withMessageContaining("invalid RabbitMQ");
    }

    @Test
    void rejectsNamesRabbitMqWouldRefuseOrThatCouldBeMisread() {
        assertThatIllegalArgumentException().isThrownBy(() -> routing.exchange("orders/eu"))
                .withMessageContaining("invalid RabbitMQ topic name 'orders/eu'");
        assertThatIllegalArgumentException().isThrownBy(() -> routing.queue("orders", "", 0))
                .withMessageContaining("group");
        assertThatIllegalArgumentException().isThrownBy(() -> routing.exchange("x".repeat(253)))
                .withMessageContaining("exchange name");
        assertThatIllegalArgumentException().isThrownBy(() -> new RabbitRouting("", 4).exchange("amq.direct"))
                .withMessageContaining("reserved");
        assertThatIllegalArgumentException().isThrownBy(() -> new RabbitRouting("rm.", 0))
                .withMessageContaining("at least 1");
    }
}
