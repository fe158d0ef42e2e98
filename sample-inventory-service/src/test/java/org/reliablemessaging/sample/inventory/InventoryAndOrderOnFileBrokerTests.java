package org.reliablemessaging.sample.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.server.BrokerServer;
import org.springframework.context.ConfigurableApplicationContext;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The scenario in the default profile, {@code standalone}: H2 files, and the file broker embedded in the
 * order service and served on a free port, which the inventory service connects to as a client. Each
 * service keeps its files in a directory of its own.
 */
class InventoryAndOrderOnFileBrokerTests extends InventoryAndOrderEndToEndTests {

    @TempDir
    Path data;

    @Override
    List<String> orderServiceArguments() {
        // No profile: standalone is the default.
        return List.of("--sample.data-dir=" + data.resolve("order-service"),
                "--reliable-messaging.file.embedded.server.port=0");
    }

    @Override
    List<String> inventoryServiceArguments(ConfigurableApplicationContext orderService) {
        return List.of("--sample.data-dir=" + data.resolve("inventory-service"),
                "--reliable-messaging.file.client.port=" + orderService.getBean(BrokerServer.class).port());
    }

    /**
     * With {@code reliable-messaging.listener.trace=link} each listener span is the root of a trace of its own,
     * with a span link to the publish span of its message; the transport plays no part, so one is enough.
     */
    @Test
    void withTraceLinkEachListenerStartsANewTraceLinkedToItsPublishSpan() {
        TracedOrder traced = placeTracedOrder("--reliable-messaging.listener.trace=link");
        List<SpanData> publishes = publishes(traced.spans());
        List<SpanData> receives = receives(traced.spans());
        assertThat(receives).as("a listener span of each service: " + names(traced.spans())).hasSizeGreaterThanOrEqualTo(2);
        assertThat(receives).allSatisfy(receive -> {
            assertThat(receive.getParentSpanId()).as("the parent of " + receive.getName()).isEqualTo(SpanId.getInvalid());
            assertThat(receive.getLinks()).as("the links of " + receive.getName()).hasSize(1);
            LinkData link = receive.getLinks().getFirst();
            SpanData publish = publishes.stream()
                .filter(span -> span.getSpanId().equals(link.getSpanContext().getSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError(receive.getName() + " links to no publish span: " + link));
            assertThat(link.getSpanContext().getTraceId()).isEqualTo(publish.getTraceId())
                .isNotEqualTo(receive.getTraceId());
        });
        assertThat(publishes).as("OrderPlaced published in the request's trace")
            .anySatisfy(publish -> assertThat(publish.getTraceId()).isEqualTo(traced.request().getTraceId()));
    }

    /**
     * The scenario with the database guard handling messages that are ready together in one transaction: the
     * same books, each redelivered message skipped; the transport plays no part, so one is enough.
     */
    @Test
    void withGuardBatchingTheBooksOfBothServicesAgreeToo() throws Exception {
        booksOfBothServicesAgree("--reliable-messaging.idempotency.batch.enabled=true");
    }
}
