package org.reliablemessaging.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.jdbc.OutboxEntry;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.testservices.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.DefaultMockMvcBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application with the operations API on a real database, called through HTTP with Spring
 * Security, and fixtures that fill its tables.
 */
@SpringBootTest(classes = ConsoleTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = { "reliable-messaging.console.enabled=true", "reliable-messaging.console.edit.enabled=true",
                "reliable-messaging.console.batch-size=7", "reliable-messaging.console.max-page-size=100",
                "reliable-messaging.console.payload.cards=masked", "reliable-messaging.console.payload.secrets=hidden",
                "reliable-messaging.relay.retention=7d", "reliable-messaging.console.metrics.enabled=false",
                "spring.autoconfigure.exclude=org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration,"
                        + "org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration" })
@TestInstance(Lifecycle.PER_CLASS)
abstract class ConsoleTestSupport {

    static final String API = "/messaging/api";

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Autowired
    WebApplicationContext context;

    @Autowired
    DeadLetterHandler deadLetterHandler;

    @Autowired
    ConsoleDatabase db;

    MockMvc mvc;

    static void database(DynamicPropertyRegistry registry, TestDatabase database) {
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @BeforeAll
    void mockMvc() {
        DefaultMockMvcBuilder builder = MockMvcBuilders.webAppContextSetup(context);
        mvc = context.containsBean("springSecurityFilterChain")
                ? builder.apply(SecurityMockMvcConfigurers.springSecurity()).build() : builder.build();
    }

    @BeforeEach
    void emptyTables() {
        for (String table : List.of(db.tables().deadLetter(), db.tables().outbox(), db.tables().outboxKey(),
                db.tables().consoleAudit(), db.tables().consoleAuditLetter(), db.tables().heldKey(),
                db.tables().relayLease(), db.tables().relayInstance())) {
            db.jdbc().update("DELETE FROM " + table);
        }
    }

    // ---- HTTP

    /** A response: its status and its body as JSON. */
    record Response(int status, JsonNode body) {

        JsonNode items() {
            return body.get("items");
        }

        List<Long> ids() {
            List<Long> ids = new ArrayList<>();
            items().forEach(item -> ids.add(item.get("id").asLong()));
            return ids;
        }

        String code() {
            return body.path("code").asString();
        }
    }

    Response call(MockHttpServletRequestBuilder request) {
        try {
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            String text = response.getContentAsString(StandardCharsets.UTF_8);
            return new Response(response.getStatus(), text.isEmpty() ? JSON.nullNode() : JSON.readTree(text));
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    Response read(String path) {
        return call(get(API + path).with(httpBasic("alice", ConsoleTestApplication.PASSWORD)));
    }

    Response readOk(String path) {
        Response response = read(path);
        assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response;
    }

    Response write(String path, Object body) {
        return write(path, body, "alice");
    }

    Response write(String path, Object body, String user) {
        return call(post(API + path).with(httpBasic(user, ConsoleTestApplication.PASSWORD)).with(csrf())
            .contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body)));
    }

    Response writeOk(String path, Object body) {
        Response response = write(path, body);
        assertThat(response.status()).as("POST %s: %s", path, response.body()).isEqualTo(200);
        return response;
    }

    // ---- dead letters

    /** An error thrown, as far as its stack says, at {@code appFrame} (class#method) under a framework frame. */
    static RuntimeException thrownAt(RuntimeException error, String appFrame) {
        String[] frame = appFrame.split("#");
        error.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.util.Objects", "requireNonNull", "Objects.java", 1),
                new StackTraceElement(frame[0], frame[1], "App.java", (int) (Math.random() * 1000)),
                new StackTraceElement("org.springframework.aop.Proxy", "invoke", "Proxy.java", 3) });
        return error;
    }

    /** Stores a dead letter and returns its id. */
    long letter(String group, String topic, @Nullable String key, String type, RuntimeException error, Instant first,
            Instant last, byte[] payload) {
        Map<String, String> headers = Map.of(ReliableHeaders.ID, UUID.randomUUID().toString(), ReliableHeaders.TYPE,
                type, "tenant", "acme");
        deadLetterHandler.deadLetter(new FailedMessage(group, new InboundMessage(topic, key, headers, payload,
                topic + "-0", 0, NOW), error, 3, first, last));
        return db.jdbc().queryForObject("SELECT MAX(id) FROM " + db.tables().deadLetter(), Long.class);
    }

    long letter(String group, String topic, String key, RuntimeException error) {
        return letter(group, topic, key, "order-placed", error, NOW.minusSeconds(60), NOW,
                ("{\"sku\":\"" + key + "\",\"quantity\":2}").getBytes(StandardCharsets.UTF_8));
    }

    List<Map<String, Object>> outboxRows(String topic) {
        return db.jdbc().queryForList("SELECT * FROM " + db.tables().outbox() + " WHERE topic = ? ORDER BY id", topic);
    }

    // ---- outbox

    /** Publishes a message and returns its outbox row's id. */
    long outboxRow(String topic, @Nullable String key, String payload, Instant createdAt) {
        db.inTransaction(() -> {
            db.publish(new OutboxEntry(UUID.randomUUID(), topic, key, "order-placed", Map.of("tenant", "acme"),
                    payload.getBytes(StandardCharsets.UTF_8), createdAt, null, null));
            return null;
        });
        return db.jdbc().queryForObject("SELECT MAX(id) FROM " + db.tables().outbox(), Long.class);
    }

    void setStatus(long id, String status, int attempts, @Nullable String lastError) {
        db.jdbc().update("UPDATE " + db.tables().outbox() + " SET status = ?, attempts = ?, last_error = ?, dead_at = ?, "
                + "sent_at = ? WHERE id = ?", status, attempts, lastError,
                status.equals("DEAD") ? db.value(NOW) : null, status.equals("SENT") ? db.value(NOW) : null, id);
    }

    void holdKey(String topic, String key, long heldBy) {
        db.jdbc().update("UPDATE " + db.tables().outboxKey() + " SET held_by = ? WHERE topic = ? AND msg_key = ?", heldBy,
                topic, key);
    }

    @Nullable Long heldBy(String topic, String key) {
        return db.jdbc().queryForObject("SELECT held_by FROM " + db.tables().outboxKey() + " WHERE topic = ? AND "
                + "msg_key = ?", Long.class, topic, key);
    }

    /** Runs {@code tasks} at the same moment and returns their results. */
    static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = executor.invokeAll(tasks);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
        finally {
            executor.shutdownNow();
        }
    }

    List<Map<String, Object>> auditRows() {
        return db.jdbc().queryForList("SELECT * FROM " + db.tables().consoleAudit() + " ORDER BY id");
    }
}
