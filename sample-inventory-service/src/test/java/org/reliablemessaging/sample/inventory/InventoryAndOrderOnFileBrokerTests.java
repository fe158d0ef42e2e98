package org.reliablemessaging.sample.inventory;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.server.BrokerServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The scenario in the default profile, {@code standalone}: H2 files, and the file broker embedded in the
 * order service and served on a free port, which the inventory service connects to as a client. Each
 * service keeps its files in a directory of its own.
 */
class InventoryAndOrderOnFileBrokerTests extends InventoryAndOrderEndToEndTests {

    @TempDir
    Path data;

    @Override
    List<String> orderServiceArguments() {
        // No profile: standalone is the default.
        return List.of("--sample.data-dir=" + data.resolve("order-service"),
                "--reliable-messaging.file.embedded.server.port=0");
    }

    @Override
    List<String> inventoryServiceArguments(ConfigurableApplicationContext orderService) {
        return List.of("--sample.data-dir=" + data.resolve("inventory-service"),
                "--reliable-messaging.file.client.port=" + orderService.getBean(BrokerServer.class).port());
    }
}
