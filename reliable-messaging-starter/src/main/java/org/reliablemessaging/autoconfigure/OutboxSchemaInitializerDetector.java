package org.reliablemessaging.autoconfigure;

import java.util.Set;

import org.reliablemessaging.jdbc.OutboxSchemaInitializer;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Tells Spring Boot that the {@link OutboxSchemaInitializer} initializes the database, after every other
 * initializer: the application's Flyway, Liquibase or SQL scripts run first, as the outbox's tables go
 * into a schema the application owns.
 */
public final class OutboxSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(OutboxSchemaInitializer.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
