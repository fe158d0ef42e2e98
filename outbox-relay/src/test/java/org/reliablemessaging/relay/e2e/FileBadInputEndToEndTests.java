package org.reliablemessaging.relay.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.autoconfigure.FileTransportAutoConfiguration;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.NewRecord;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * Foreign records published straight to the embedded file broker. Its keys and headers are Java
 * strings, so the invalid UTF-8 key case does not apply.
 */
class FileBadInputEndToEndTests extends BadInputEndToEndTests {

    @TempDir
    Path brokerDirectory;

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return runner.withConfiguration(AutoConfigurations.of(FileTransportAutoConfiguration.class))
            .withPropertyValues("reliable-messaging.transport=file",
                    "reliable-messaging.file.embedded.directory=" + brokerDirectory,
                    "reliable-messaging.file.embedded.max-record-size=2MB");
    }

    @Override
    boolean carriesBinaryKeys() {
        return false;
    }

    @Override
    void inject(ApplicationContext context, byte @Nullable [] key, Map<String, byte[]> headers, byte[] payload) {
        Map<String, String> text = new LinkedHashMap<>();
        headers.forEach((name, value) -> text.put(name, new String(value, StandardCharsets.UTF_8)));
        context.getBean(BrokerClient.class)
            .publish(topic, new NewRecord(key == null ? null : new String(key, StandardCharsets.UTF_8), text, payload,
                    Instant.now()))
            .join();
    }
}
