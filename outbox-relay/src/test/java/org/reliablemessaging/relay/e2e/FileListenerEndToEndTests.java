package org.reliablemessaging.relay.e2e;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.autoconfigure.FileTransportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The listener scenarios on the file broker, embedded in the service. */
class FileListenerEndToEndTests extends ListenerEndToEndTests {

    @TempDir
    Path brokerDirectory;

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return runner.withConfiguration(AutoConfigurations.of(FileTransportAutoConfiguration.class))
            .withPropertyValues("reliable-messaging.transport=file",
                    "reliable-messaging.file.embedded.directory=" + brokerDirectory);
    }

    @Override
    ApplicationContextRunner serviceOnOnePartition() {
        return service().withPropertyValues("reliable-messaging.file.embedded.partitions=1");
    }
}
