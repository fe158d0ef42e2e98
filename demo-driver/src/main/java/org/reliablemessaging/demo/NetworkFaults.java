package org.reliablemessaging.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.testservices.TcpProxy;

/**
 * The network between one run's services and their broker and database as the harness breaks it: when a fault
 * of the run is on a link, a {@link TcpProxy} in the driver's JVM stands in front of the server and the services
 * connect through it. A partition holds every byte both ways (connections stay open; the peers notice only by
 * their own timeouts) for 5 to 60 seconds; a slow link adds 200 ms each way for 30 seconds.
 */
final class NetworkFaults implements AutoCloseable {

    static final Duration SHORTEST_PARTITION = Duration.ofSeconds(5);

    static final Duration LONGEST_PARTITION = Duration.ofSeconds(60);

    static final Duration SLOW_LINK_LATENCY = Duration.ofMillis(200);

    static final Duration SLOW_LINK_LENGTH = Duration.ofSeconds(30);

    private final Set<Fault> faults;

    private @Nullable TcpProxy broker;

    private @Nullable TcpProxy database;

    NetworkFaults(List<Fault> faults) {
        this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
    }

    /**
     * Fails for a network fault the transport does not take: the broker's link only for the file broker and
     * RabbitMQ (Kafka's clients reconnect to the addresses the broker advertises, which a proxy does not change).
     */
    static void checkTransport(Fault fault, String transport) {
        if ((fault == Fault.PARTITION_BROKER || fault == Fault.SLOW_LINK_BROKER) && transport.equals("kafka")) {
            throw new DemoFailed(fault.label() + " needs --transport file or rabbit: Kafka's clients connect to the"
                    + " addresses its broker advertises, not through a proxy (the database's link works on Kafka:"
                    + " partition-database, slow-link-database)");
        }
    }

    /** Whether a fault of the run is on the link to the database (the services must then use PostgreSQL). */
    boolean onDatabase() {
        return faults.contains(Fault.PARTITION_DATABASE) || faults.contains(Fault.SLOW_LINK_DATABASE);
    }

    private boolean onBroker() {
        return faults.contains(Fault.PARTITION_BROKER) || faults.contains(Fault.SLOW_LINK_BROKER);
    }

    /** The port at which the services reach the broker listening on {@code port}: its proxy's, if the run has one. */
    synchronized int brokerPort(int port) {
        if (!onBroker()) {
            return port;
        }
        if (broker == null) {
            broker = open(port);
        }
        return broker.port();
    }

    /** The port at which the services reach PostgreSQL listening on {@code port}: its proxy's, if the run has one. */
    synchronized int databasePort(int port) {
        if (!onDatabase()) {
            return port;
        }
        if (database == null) {
            database = open(port);
        }
        return database.port();
    }

    private static TcpProxy open(int port) {
        TcpProxy proxy = new TcpProxy("127.0.0.1", port);
        try {
            proxy.open();
        }
        catch (IOException ex) {
            throw new DemoFailed("could not open a TCP proxy in front of port " + port + " on 127.0.0.1: " + ex);
        }
        return proxy;
    }

    /** Breaks the link the fault names, waits while the fault lasts, and heals it. */
    void inject(Fault fault, Random random, Console console) {
        switch (fault) {
            case PARTITION_BROKER -> partition(proxy(broker, fault), random, console);
            case PARTITION_DATABASE -> partition(proxy(database, fault), random, console);
            case SLOW_LINK_BROKER -> slowLink(proxy(broker, fault), console);
            case SLOW_LINK_DATABASE -> slowLink(proxy(database, fault), console);
            default -> throw new IllegalArgumentException(fault.label() + " is not a network fault");
        }
    }

    private static void partition(TcpProxy proxy, Random random, Console console) {
        long spread = LONGEST_PARTITION.minus(SHORTEST_PARTITION).toMillis();
        Duration length = SHORTEST_PARTITION.plusMillis(random.nextLong(spread + 1));
        console.step("  partition: no byte passes for %.1fs", length.toMillis() / 1000.0);
        proxy.hold();
        try {
            Wait.pause(length.toMillis());
        }
        finally {
            proxy.release();
        }
    }

    private static void slowLink(TcpProxy proxy, Console console) {
        console.step("  slow link: %d ms added each way for %ds", SLOW_LINK_LATENCY.toMillis(),
                SLOW_LINK_LENGTH.toSeconds());
        proxy.delay(SLOW_LINK_LATENCY);
        try {
            Wait.pause(SLOW_LINK_LENGTH.toMillis());
        }
        finally {
            proxy.delay(Duration.ZERO);
        }
    }

    private static TcpProxy proxy(@Nullable TcpProxy proxy, Fault fault) {
        if (proxy == null) {
            throw new IllegalStateException("no TCP proxy stands on the link of " + fault.label()
                    + ": the run's services were not configured to connect through one");
        }
        return proxy;
    }

    /** Closes the proxies: their connections are dropped (the services are stopped by then). */
    @Override
    public synchronized void close() {
        close(broker);
        close(database);
    }

    private static void close(@Nullable TcpProxy proxy) {
        if (proxy == null) {
            return;
        }
        try {
            proxy.close();
        }
        catch (IOException ex) {
            System.out.println("  could not close the TCP proxy on port " + proxy.port() + ": " + ex.getMessage());
        }
    }
}
