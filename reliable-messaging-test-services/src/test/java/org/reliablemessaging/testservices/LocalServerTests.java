package org.reliablemessaging.testservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class LocalServerTests {

    /** bin/test starts a private instance for a server that does not answer and exports its port under this name. */
    @ParameterizedTest
    @EnumSource(LocalServer.class)
    void readsThePortOfAPrivateInstanceFromTheVariableThatBinTestExports(LocalServer server) throws IOException {
        String services = Files.readString(Path.of("../bin/lib/services.sh"));
        assertThat(server.portVariable()).matches("RM_TEST_[A-Z]+_PORT");
        assertThat(services).contains(" " + server.portVariable() + " ");
    }
}
