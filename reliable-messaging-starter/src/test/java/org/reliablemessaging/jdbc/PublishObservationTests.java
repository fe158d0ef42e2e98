package org.reliablemessaging.jdbc;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.InvalidMessageException;
import org.reliablemessaging.Message;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.observation.TraceparentPropagator;
import org.reliablemessaging.testservices.TestDatabases;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publish observation: its name and tags, and the trace context it leaves in the stored headers
 * when a tracer propagates, as Spring Boot's tracing handlers do.
 */
class PublishObservationTests {

    private final OutboxTestDatabase db = new OutboxTestDatabase(TestDatabases.h2());

    private final SimpleTracer tracer = new SimpleTracer();

    private final TestObservationRegistry observations = TestObservationRegistry.create();

    private final ReliablePublisher publisher = db.publisher(observations);

    PublishObservationTests() {
        observations.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, new TraceparentPropagator(tracer)),
                new DefaultTracingObservationHandler(tracer)));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @MessageType("order-placed")
    record OrderPlaced(String orderId, int quantity) {
    }

    @Test
    void aPublishIsObservedInTheCurrentTraceAndStoresItsContextWithTheHeaders() {
        UUID id = Observation.createNotStarted("checkout", observations)
            .observe(() -> db.inTransaction(() -> publisher.publish(Message.to("orders").key("sku-1")
                .payload(new OrderPlaced("o-1", 3)).header("tenant", "acme"))));

        assertThat(observations).hasObservationWithNameEqualTo("reliable.messaging.publish")
            .that()
            .hasContextualNameEqualTo("orders publish")
            .hasLowCardinalityKeyValue("topic", "orders")
            .hasLowCardinalityKeyValue("type", "order-placed")
            .doesNotHaveLowCardinalityKeyValueWithKey("message.id")
            .hasHighCardinalityKeyValue("message.id", id.toString())
            .hasBeenStarted()
            .hasBeenStopped()
            .doesNotHaveError();
        SimpleSpan checkout = span("checkout");
        SimpleSpan publish = span("orders publish");
        assertThat(publish.getKind()).isEqualTo(Span.Kind.PRODUCER);
        assertThat(publish.getTraceId()).isEqualTo(checkout.getTraceId());
        assertThat(publish.getParentId()).isEqualTo(checkout.getSpanId());
        assertThat(storedHeaders()).containsOnly(Map.entry("tenant", "acme"),
                Map.entry("traceparent", "00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-01"));
    }

    @Test
    void aPublishThatFailsIsObservedWithItsErrorAndWritesNothing() {
        Message tooLarge = Message.to("orders").key("sku-1").payload(new OrderPlaced("x".repeat(1024 * 1024), 1));

        assertThatThrownBy(() -> db.inTransaction(() -> publisher.publish(tooLarge)))
            .isInstanceOf(InvalidMessageException.class);

        assertThat(observations).hasObservationWithNameEqualTo("reliable.messaging.publish")
            .that()
            .hasBeenStopped()
            .assertThatError()
            .isInstanceOf(InvalidMessageException.class);
        assertThat(span("orders publish").getError()).isInstanceOf(InvalidMessageException.class);
        assertThat(db.outboxRows()).isEmpty();
    }

    private SimpleSpan span(String name) {
        return tracer.getSpans().stream().filter(span -> name.equals(span.getName())).findFirst().orElseThrow();
    }

    private Map<String, String> storedHeaders() {
        return HeadersJson.read(db.jdbc.queryForObject("SELECT headers FROM " + db.tables.outbox(), String.class));
    }
}
