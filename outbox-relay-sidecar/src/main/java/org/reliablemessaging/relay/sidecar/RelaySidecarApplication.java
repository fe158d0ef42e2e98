package org.reliablemessaging.relay.sidecar;

import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.relay.OutboxRelay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.util.StringUtils;

/**
 * The relay as a process of its own: relays the outbox of one database to a broker, for applications
 * that turn their in-process relay off ({@code reliable-messaging.relay.enabled=false}). Several
 * sidecars, and in-process relays, may share one outbox: shard leases give each key to one relay.
 *
 * <p>It runs no listeners and needs no application classes. Its configuration is
 * {@code relay-sidecar.yml} ({@value #CONFIG_NAME}) and, above all, the environment:
 * {@code SPRING_DATASOURCE_URL}, {@code RELIABLE_MESSAGING_TRANSPORT}, {@code SPRING_KAFKA_BOOTSTRAP_SERVERS},
 * {@code RELIABLE_MESSAGING_RELAY_SHARDS}, ... Its only web endpoints are Actuator's, on {@code server.port}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
// By name, as an application excludes auto-configurations: it runs no listeners and keeps no dead letters.
@EnableAutoConfiguration(excludeName = { "org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration",
        "org.reliablemessaging.autoconfigure.DeadLetterAutoConfiguration",
        "org.reliablemessaging.autoconfigure.DeadLettersEndpointAutoConfiguration" })
public class RelaySidecarApplication {

    /** The name of its configuration files: {@code relay-sidecar.yml}, {@code relay-sidecar-<profile>.yml}. */
    public static final String CONFIG_NAME = "relay-sidecar";

    public static void main(String[] args) {
        start(args);
    }

    /** Starts a sidecar as {@link #main} does; the caller closes the context to stop it. */
    public static ConfigurableApplicationContext start(String... args) {
        return application().run(args);
    }

    static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(RelaySidecarApplication.class)
            .properties("spring.config.name=" + CONFIG_NAME)
            .listeners(RelaySidecarApplication::requireDatabase);
    }

    /**
     * Refuses to start without a database URL: with H2 on the classpath, Spring Boot would otherwise
     * make an empty in-memory database, and the sidecar would relay nothing without a word.
     */
    private static void requireDatabase(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared
                && !StringUtils.hasText(prepared.getEnvironment().getProperty("spring.datasource.url"))) {
            throw new IllegalStateException("The relay sidecar needs the database whose outbox it relays: set "
                    + "SPRING_DATASOURCE_URL (spring.datasource.url), and SPRING_DATASOURCE_USERNAME and "
                    + "SPRING_DATASOURCE_PASSWORD as needed");
        }
    }

    /** Fails start-up when the relay is off here: a sidecar without it would do nothing while looking healthy. */
    @Bean
    static SmartInitializingSingleton relaySidecarCheck(ObjectProvider<OutboxRelay> relay,
            ObjectProvider<OutboxDatabase> database, Environment environment) {
        return () -> {
            if (relay.getIfAvailable() == null) {
                throw new IllegalStateException("The relay sidecar has no relay to run: "
                        + "reliable-messaging.relay.enabled is " + environment.getProperty(
                                "reliable-messaging.relay.enabled", "true")
                        + " (RELIABLE_MESSAGING_RELAY_ENABLED must not be false here), or there is no outbox database");
            }
            requireOutboxTables(database.getObject(), environment);
        };
    }

    /** The tables are the application's to create (see relay-sidecar.yml): say so rather than fail on SQL. */
    private static void requireOutboxTables(OutboxDatabase database, Environment environment) {
        OutboxTables tables = database.tables();
        try {
            database.client().sql("SELECT COUNT(*) FROM " + tables.relayLease()).query(Integer.class).single();
        }
        catch (DataAccessException ex) {
            throw new IllegalStateException("The outbox tables (" + tables.relayLease() + " and the others) are not in "
                    + environment.getProperty("spring.datasource.url") + ": start the application that owns the outbox "
                    + "first (it creates them), or set RELIABLE_MESSAGING_OUTBOX_INITIALIZE_SCHEMA=true for the sidecar "
                    + "to create them", ex);
        }
    }

    /** Ends the process when the relay's loop has ended on its own, so that whatever runs the sidecar restarts it. */
    @Bean
    RelayWatchdog relayWatchdog(ObjectProvider<OutboxRelay> relay, ConfigurableApplicationContext context) {
        return new RelayWatchdog(() -> relay.getObject().isRunning(), RelayWatchdog.CHECK_INTERVAL,
                () -> System.exit(SpringApplication.exit(context, () -> 1)));
    }
}
