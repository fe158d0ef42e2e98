package org.reliablemessaging.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.testservices.PrivateInstance;

/**
 * The processes of one fault-injection run, configured for its transport: the broker process where the
 * harness runs one (the file broker's server, Apache Kafka's broker), the two services, and the relay
 * sidecar when the run kills it; their databases and the RabbitMQ virtual host on the harness's private
 * servers, recreated for the run (none is started yet).
 */
record RunServices(@Nullable Service broker, @Nullable KafkaCluster kafkaCluster, Service order, Service inventory,
        @Nullable Service relay) {

    static final String VHOST = "rm-chaos";

    /** The Redis guard's processing lease in these runs (docs/RELIABILITY.md says why). */
    static final String REDIS_PROCESSING_LEASE = "30s";

    /**
     * @param sidecar whether a relay sidecar relays the order service's outbox (its own relay off)
     * @param redisGuard whether the inventory service uses the Redis idempotency guard
     * @param network the proxies the services reach their broker and database through, for a network fault
     */
    static RunServices of(Options options, PrivateServers servers, Path dir, boolean sidecar, boolean redisGuard,
            NetworkFaults network) throws IOException, InterruptedException {
        Path logs = dir.resolve("logs");
        boolean rabbit = options.transport().equals("rabbit");
        boolean kafka = options.transport().equals("kafka");
        int brokerPort = Ports.free();
        String orderDb = "rm_chaos_orders";
        String inventoryDb = "rm_chaos_inventory";

        List<String> orderArgs = new ArrayList<>(List.of("--sample.data-dir=" + dir,
                "--orders.payment-timeout=" + options.paymentTimeout().toSeconds() + "s"));
        List<String> inventoryArgs = new ArrayList<>(List.of("--sample.data-dir=" + dir));
        Map<String, String> sidecarEnv = new HashMap<>();
        List<String> sidecarArgs = new ArrayList<>();
        Service broker = null;
        KafkaCluster kafkaCluster = null;
        if (rabbit || kafka) {
            // The profiles' health checks include Redis (the inventory's optional Redis guard).
            String redisPort = Integer.toString(servers.redis().port());
            for (List<String> args : List.of(orderArgs, inventoryArgs)) {
                args.addAll(List.of("--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort));
            }
        }
        if (rabbit) {
            resetRabbitVhost(servers);
            // Every node's address, as a user of a cluster configures them; a single node's through the network
            // faults' proxy when the run has one on the broker's link.
            String rabbitAddresses = options.rabbitNodes() > 1 ? servers.rabbitAddresses()
                    : "127.0.0.1:" + network.brokerPort(servers.rabbit().port());
            for (List<String> args : List.of(orderArgs, inventoryArgs)) {
                args.addAll(List.of("--spring.profiles.active=rabbit", "--spring.rabbitmq.addresses=" + rabbitAddresses,
                        "--spring.rabbitmq.virtual-host=" + VHOST));
            }
            inventoryArgs.addAll(postgres(servers, inventoryDb, network));
            if (redisGuard) {
                inventoryArgs.add("--reliable-messaging.idempotency.store=redis");
                // A message in flight when the inventory is killed keeps its key until its processing marker's
                // lease ends: 30 s here instead of the default 5 minutes, so that a run's faults stay minutes.
                inventoryArgs.add("--reliable-messaging.idempotency.processing-lease=" + REDIS_PROCESSING_LEASE);
            }
            sidecarEnv.putAll(Map.of("RELIABLE_MESSAGING_TRANSPORT", "rabbit", "SPRING_RABBITMQ_ADDRESSES",
                    rabbitAddresses, "SPRING_RABBITMQ_VIRTUAL_HOST", VHOST,
                    "SPRING_RABBITMQ_USERNAME", "guest", "SPRING_RABBITMQ_PASSWORD", "guest"));
            sidecarArgs.addAll(List.of("--reliable-messaging.rabbit.topology.orders=inventory-service",
                    "--reliable-messaging.rabbit.topology.order-deadlines=order-service"));
        }
        else if (kafka) {
            // Apache Kafka's broker as a process of its own (one KRaft node, its log under the run's directory);
            // the topics are created as the services first use them.
            // --cluster kafka: three nodes, the services given all three addresses as a user would.
            String bootstrap;
            if (options.kafkaCluster()) {
                kafkaCluster = KafkaCluster.prepare(require(options.kafkaHome(), "--kafka-home"), dir, logs);
                bootstrap = kafkaCluster.bootstrapServers();
            }
            else {
                broker = KafkaBroker.prepare(require(options.kafkaHome(), "--kafka-home"), dir, logs, brokerPort);
                bootstrap = "127.0.0.1:" + brokerPort;
            }
            for (List<String> args : List.of(orderArgs, inventoryArgs)) {
                args.addAll(List.of("--spring.profiles.active=kafka", "--spring.kafka.bootstrap-servers=" + bootstrap));
            }
            inventoryArgs.addAll(postgres(servers, inventoryDb, network));
            sidecarEnv.putAll(Map.of("RELIABLE_MESSAGING_TRANSPORT", "kafka", "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                    bootstrap));
        }
        else {
            // The broker as a process of its own, both services (and the sidecar) its clients.
            String clientPort = Integer.toString(network.brokerPort(brokerPort));
            broker = new Service("file broker", require(options.brokerJar(), "--broker-jar"), brokerPort, logs,
                    dir, List.of("--dir", dir.resolve("file-broker").toString(), "--port", Integer.toString(brokerPort)),
                    Map.of(), false);
            orderArgs.addAll(List.of("--reliable-messaging.file.mode=client",
                    "--reliable-messaging.file.client.host=127.0.0.1",
                    "--reliable-messaging.file.client.port=" + clientPort,
                    "--reliable-messaging.file.embedded.server.enabled=false"));
            inventoryArgs.add("--reliable-messaging.file.client.port=" + clientPort);
            sidecarEnv.putAll(Map.of("RELIABLE_MESSAGING_TRANSPORT", "file", "RELIABLE_MESSAGING_FILE_MODE", "client",
                    "RELIABLE_MESSAGING_FILE_CLIENT_HOST", "127.0.0.1", "RELIABLE_MESSAGING_FILE_CLIENT_PORT",
                    clientPort));
        }
        if (rabbit || kafka || sidecar || network.onDatabase()) {
            // A sidecar shares the order service's database: PostgreSQL, not an H2 file one process holds;
            // a network fault needs a database reached over TCP.
            recreateDatabase(servers, orderDb);
            orderArgs.addAll(postgres(servers, orderDb, network));
        }
        if (rabbit || kafka) {
            recreateDatabase(servers, inventoryDb);
        }
        if (sidecar) {
            orderArgs.add("--reliable-messaging.relay.enabled=false");
            sidecarEnv.putAll(Map.of("SPRING_DATASOURCE_URL", jdbcUrl(servers, orderDb, network), "SPRING_DATASOURCE_USERNAME",
                    "postgres", "SPRING_DATASOURCE_PASSWORD", ""));
        }
        Service order = new Service("order service", options.orderJar(), Ports.free(), logs, dir,
                orderArgs);
        Service inventory = new Service("inventory service", options.inventoryJar(),
                Ports.free(), logs, dir, inventoryArgs);
        Service relay = sidecar
                ? new Service("relay sidecar", require(options.sidecarJar(), "--sidecar-jar"),
                        Ports.free(), logs, dir, sidecarArgs, sidecarEnv, true)
                : null;
        return new RunServices(broker, kafkaCluster, order, inventory, relay);
    }

    private static List<String> postgres(PrivateServers servers, String database, NetworkFaults network) {
        return List.of("--spring.datasource.url=" + jdbcUrl(servers, database, network),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=");
    }

    private static String jdbcUrl(PrivateServers servers, String database, NetworkFaults network) {
        return "jdbc:postgresql://127.0.0.1:" + network.databasePort(servers.postgres().port()) + "/" + database;
    }

    private static void recreateDatabase(PrivateServers servers, String name) {
        servers.postgres().psql("drop database if exists " + name + " with (force)");
        servers.postgres().psql("create database " + name);
    }

    private static void resetRabbitVhost(PrivateServers servers) {
        PrivateInstance rabbit = servers.rabbit();
        if (rabbit.rabbitmqctl("-q", "list_vhosts").lines().anyMatch(VHOST::equals)) {
            rabbit.rabbitmqctl("-q", "delete_vhost", VHOST);
        }
        rabbit.rabbitmqctl("-q", "add_vhost", VHOST);
        rabbit.rabbitmqctl("-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*");
    }

    static Path require(@Nullable Path jar, String option) {
        if (jar == null) {
            throw new DemoFailed(option + " is required for this fault plan (bin/chaos passes it)");
        }
        return jar;
    }
}
