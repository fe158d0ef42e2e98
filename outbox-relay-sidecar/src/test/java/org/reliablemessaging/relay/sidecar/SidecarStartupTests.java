package org.reliablemessaging.relay.sidecar;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.relay.OutboxRelay;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sidecar that would relay nothing refuses to start, and says what to set. */
class SidecarStartupTests {

    @TempDir
    Path brokerDirectory;

    @Test
    void refusesToStartWithoutADatabaseUrl() {
        assertThatThrownBy(() -> Sidecars.start(Map.of("RELIABLE_MESSAGING_TRANSPORT", "kafka")).close())
            .hasMessageContaining("SPRING_DATASOURCE_URL");
    }

    @Test
    void refusesToStartWithItsRelayDisabled() {
        assertThatThrownBy(() -> Sidecars.start(Map.of("SPRING_DATASOURCE_URL", TestDatabases.h2().jdbcUrl(),
                "RELIABLE_MESSAGING_TRANSPORT", "file",
                "RELIABLE_MESSAGING_FILE_EMBEDDED_DIRECTORY", brokerDirectory.toString(),
                "RELIABLE_MESSAGING_RELAY_ENABLED", "false")).close())
            .satisfies(ex -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
                .hasMessageContaining("has no relay to run").hasMessageContaining("RELIABLE_MESSAGING_RELAY_ENABLED"));
    }

    @Test
    void waitsForTheApplicationToCreateTheOutboxTablesUnlessAskedToCreateThem() {
        String url = TestDatabases.h2().jdbcUrl();
        Map<String, String> environment = Map.of("SPRING_DATASOURCE_URL", url, "RELIABLE_MESSAGING_TRANSPORT", "file",
                "RELIABLE_MESSAGING_FILE_EMBEDDED_DIRECTORY", brokerDirectory.toString());
        assertThatThrownBy(() -> Sidecars.start(environment).close())
            .hasStackTraceContaining("The outbox tables (rm_relay_lease and the others) are not in " + url)
            .hasStackTraceContaining("RELIABLE_MESSAGING_OUTBOX_INITIALIZE_SCHEMA=true");

        Map<String, String> creating = new HashMap<>(environment);
        creating.put("RELIABLE_MESSAGING_OUTBOX_INITIALIZE_SCHEMA", "true");
        try (ConfigurableApplicationContext sidecar = Sidecars.start(creating)) {
            assertThat(sidecar.getBean(OutboxRelay.class).isRunning()).isTrue();
        }
    }

    @Test
    void asksForATransportWhenNoneIsChosen() {
        assertThatThrownBy(() -> Sidecars.start(Map.of("SPRING_DATASOURCE_URL", TestDatabases.h2().jdbcUrl())).close())
            .satisfies(ex -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
                .hasMessageContaining("reliable-messaging.transport"));
    }
}
