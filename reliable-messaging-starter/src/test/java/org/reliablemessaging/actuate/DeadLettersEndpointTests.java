package org.reliablemessaging.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.DeadLetter.Status;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.autoconfigure.DeadLettersEndpointAutoConfiguration;
import org.reliablemessaging.jdbc.JdbcDeadLetterHandler;
import org.reliablemessaging.jdbc.JdbcDeadLetters;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationFilter;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DeadLettersEndpointTests {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private OutboxTestDatabase db;

    private JdbcDeadLetterHandler handler;

    private DeadLettersEndpoint endpoint;

    @BeforeEach
    void setUp() {
        db = new OutboxTestDatabase(TestDatabases.h2());
        handler = new JdbcDeadLetterHandler(db.database, Clock.systemUTC());
        endpoint = new DeadLettersEndpoint(new JdbcDeadLetters(db.database, Clock.systemUTC()));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void listsAPageWithTheTotalCountAndTheNextPagesPosition() {
        store("inventory", "orders", "{\"sku\":1}".getBytes(StandardCharsets.UTF_8));
        store("inventory", "orders", new byte[] { (byte) 0xFF, 0 });
        store("billing", "orders", new byte[] { 1 });

        DeadLettersEndpoint.Page first = endpoint.list("inventory", null, null, 1, null);

        assertThat(first.count()).isEqualTo(2);
        assertThat(first.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.group()).isEqualTo("inventory");
            assertThat(letter.payload()).isEqualTo("{\"sku\":1}");
            assertThat(letter.payloadEncoding()).isEqualTo("utf-8");
            assertThat(letter.errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(letter.headers()).containsEntry("tenant", "acme");
        });
        DeadLettersEndpoint.Page second = endpoint.list("inventory", "orders", Status.DEAD, 1, first.nextAfterId());
        assertThat(second.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.payload()).isEqualTo(Base64.getEncoder().encodeToString(new byte[] { (byte) 0xFF, 0 }));
            assertThat(letter.payloadEncoding()).isEqualTo("base64");
        });
        assertThat(endpoint.list("inventory", null, null, 1, second.nextAfterId()).deadLetters()).isEmpty();
        assertThat(endpoint.list(null, null, null, null, null).deadLetters()).hasSize(3);
        assertThat(endpoint.list(null, null, null, null, null).nextAfterId()).isNull();
        assertThat(endpoint.list(null, null, Status.SKIPPED, null, null).count()).isZero();
    }

    @Test
    void showsOneLetterOrNone() {
        store("inventory", "orders", new byte[] { 1 });
        long id = endpoint.list(null, null, null, null, null).deadLetters().get(0).id();

        assertThat(endpoint.letter(id)).satisfies(letter -> assertThat(letter.status()).isEqualTo(Status.DEAD));
        assertThat(endpoint.letter(id + 1)).isNull();
    }

    @Test
    void replaysAndSkipsByIdOrByGroupButNeverEverythingAtOnce() {
        store("inventory", "orders", new byte[] { 1 });
        store("inventory", "stock", new byte[] { 2 });
        store("billing", "orders", new byte[] { 3 });
        long first = endpoint.list(null, null, null, null, null).deadLetters().get(0).id();

        assertThat(endpoint.replay(first, null, null, null)).isEqualTo(Map.of("replayed", 1));
        assertThat(endpoint.replay(first, null, null, null)).isEqualTo(Map.of("replayed", 0));
        assertThat(endpoint.skip(null, "inventory", null, null)).isEqualTo(Map.of("skipped", 1));
        assertThat(endpoint.replay(null, "billing", "orders", 10)).isEqualTo(Map.of("replayed", 1));
        assertThat(endpoint.list(null, null, Status.REPLAYED, null, null).count()).isEqualTo(2);

        assertThatThrownBy(() -> endpoint.replay(null, null, "orders", null))
            .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("an id, or a group");
        assertThatThrownBy(() -> endpoint.skip(null, null, null, null))
            .isInstanceOf(InvalidEndpointRequestException.class);
        assertThatThrownBy(() -> endpoint.list(null, null, null, 5000, null))
            .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("limit must be from 1 to 1000");
    }

    @Test
    void isReadOnlyOverHttpUnlessTheAccessIsRaised() {
        assertThat(DeadLettersEndpoint.class.getAnnotation(Endpoint.class).defaultAccess()).isEqualTo(Access.READ_ONLY);
        ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                    DeadLettersEndpointAutoConfiguration.class))
            // As in a SpringApplication, whose conversion service reads "unrestricted" as Access.UNRESTRICTED.
            .withInitializer(context -> context.getEnvironment()
                .setConversionService(new ApplicationConversionService()))
            .withBean(DeadLetters.class, () -> new JdbcDeadLetters(db.database, Clock.systemUTC()))
            .withPropertyValues("management.endpoints.web.exposure.include=deadletters");

        runner.run(context -> assertThat(requests(context)).containsExactlyInAnyOrder("GET deadletters",
                "GET deadletters/{id}"));
        runner.withPropertyValues("management.endpoint.deadletters.access=unrestricted")
            .run(context -> assertThat(requests(context)).containsExactlyInAnyOrder("GET deadletters",
                    "GET deadletters/{id}", "POST deadletters", "DELETE deadletters"));
        runner.withPropertyValues("management.endpoint.deadletters.access=none")
            .run(context -> assertThat(context).doesNotHaveBean(DeadLettersEndpoint.class));
    }

    /** The HTTP requests the endpoint answers, as Actuator's web layer would map them. */
    private static List<String> requests(AssertableApplicationContext context) {
        assertThat(context).hasSingleBean(DeadLettersEndpoint.class);
        WebEndpointDiscoverer discoverer = new WebEndpointDiscoverer(context, new ConversionServiceParameterValueMapper(),
                EndpointMediaTypes.DEFAULT, List.of(), List.of(), List.of(), List.of(),
                List.of(OperationFilter.byAccess(context.getBean(EndpointAccessResolver.class))));
        return discoverer.getEndpoints().stream()
            .filter(endpoint -> endpoint.getEndpointId().toString().equals("deadletters"))
            .flatMap(endpoint -> endpoint.getOperations().stream())
            .map(operation -> operation.getRequestPredicate().getHttpMethod() + " "
                    + operation.getRequestPredicate().getPath())
            .toList();
    }

    private void store(String group, String topic, byte[] payload) {
        handler.deadLetter(new FailedMessage(group, new InboundMessage(topic, "k", Map.of(ReliableHeaders.TYPE, "event",
                "tenant", "acme"), payload, topic + "-0", 0, NOW), new IllegalStateException("failed"), 3, NOW, NOW));
    }
}
