package org.reliablemessaging.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Without Spring Security and with anonymous writes allowed, writes work and the audit says "anonymous". */
@TestPropertySource(properties = { "reliable-messaging.console.allow-anonymous-writes=true",
        "spring.autoconfigure.exclude=org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration,"
                + "org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration,"
                + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
                + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
                + "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
                + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
                + "org.reliablemessaging.console.autoconfigure.ConsoleSecurityAutoConfiguration" })
class ConsoleAnonymousWritesTests extends ConsoleTestSupport {

    private static final TestDatabase DATABASE = TestDatabases.h2();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database(registry, DATABASE);
    }

    @Test
    void writesAreRecordedAsAnonymous() {
        long id = letter("inventory", "orders", "sku-1", new IllegalStateException("a"));

        Response replay = call(post(API + "/dead-letters/replay").contentType(MediaType.APPLICATION_JSON)
            .content(JSON.writeValueAsString(Map.of("ids", List.of(id)))));

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body().get("changed").asLong()).isEqualTo(1);
        assertThat(auditRows()).singleElement().satisfies(row -> assertThat(row.get("actor")).isEqualTo("anonymous"));
    }
}
