package org.reliablemessaging.jdbc;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/** The outbox's migration scripts, which Flyway finds by scanning the class path, kept in a native image. */
public final class OutboxSchemaRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern("db/reliable-messaging/*/*.sql");
    }
}
