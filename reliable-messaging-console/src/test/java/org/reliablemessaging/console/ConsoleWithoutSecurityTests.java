package org.reliablemessaging.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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

/** Without Spring Security, everyone reads and nobody writes: writes are refused unless explicitly allowed. */
@TestPropertySource(properties = "spring.autoconfigure.exclude="
        + "org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration,"
        + "org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
        + "org.reliablemessaging.console.autoconfigure.ConsoleSecurityAutoConfiguration")
class ConsoleWithoutSecurityTests extends ConsoleTestSupport {

    private static final TestDatabase DATABASE = TestDatabases.h2();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database(registry, DATABASE);
    }

    @Test
    void readsAreOpenAndWritesRefused() {
        long id = letter("inventory", "orders", "sku-1", new IllegalStateException("a"));

        Response list = call(get(API + "/dead-letters"));
        Response replay = call(post(API + "/dead-letters/replay").contentType(MediaType.APPLICATION_JSON)
            .content(JSON.writeValueAsString(Map.of("ids", List.of(id)))));
        Response me = call(get(API + "/me"));

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.ids()).containsExactly(id);
        assertThat(replay.status()).isEqualTo(403);
        assertThat(replay.code()).isEqualTo("writes-disabled");
        assertThat(me.body().get("security").asString()).isEqualTo("none");
        assertThat(me.body().get("canOperate").asBoolean()).isFalse();
        assertThat(call(get(API + "/csrf")).status()).isEqualTo(404);
        assertThat(outboxRows("orders.inventory.retry")).isEmpty();
        assertThat(auditRows()).isEmpty();
    }
}
