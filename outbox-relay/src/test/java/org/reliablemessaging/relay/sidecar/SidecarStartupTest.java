package org.reliablemessaging.relay.sidecar;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.test.TestDatabases;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sidecar that would relay nothing refuses to start, and says what to set. */
class SidecarStartupTest {

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
                "RELIABLE_MESSAGING_TRANSPORT", "file", "RELIABLE_MESSAGING_FILE_DIRECTORY", brokerDirectory.toString(),
                "RELIABLE_MESSAGING_RELAY_ENABLED", "false")).close())
            .satisfies(ex -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
                .hasMessageContaining("has no relay to run").hasMessageContaining("RELIABLE_MESSAGING_RELAY_ENABLED"));
    }

    @Test
    void asksForATransportWhenNoneIsChosen() {
        assertThatThrownBy(() -> Sidecars.start(Map.of("SPRING_DATASOURCE_URL", TestDatabases.h2().jdbcUrl())).close())
            .satisfies(ex -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
                .hasMessageContaining("reliable-messaging.transport"));
    }
}
