package org.reliablemessaging.autoconfigure;

import java.util.Set;

import org.reliablemessaging.jdbc.OutboxDatabase;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Tells Spring Boot that the {@link OutboxDatabase} needs the database initialized, the outbox's tables
 * included: every store, publisher, relay and guard reaches the tables through it, so they are all
 * created after the initializers.
 */
public final class OutboxDatabaseInitializationDetector extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

    @Override
    protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
        return Set.of(OutboxDatabase.class);
    }
}
