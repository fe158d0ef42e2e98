package org.reliablemessaging.jdbc;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates and migrates the outbox tables with Flyway at start-up.
 *
 * <p>The migrations live in {@code classpath:db/reliable-messaging/{vendor}} and use the
 * placeholder {@code ${prefix}}. They are recorded in a history table of their own
 * ({@code {prefix}schema_history}), so their versions never collide with the application's
 * migrations and the application's Flyway never sees them as out of order.
 */
public final class OutboxSchemaInitializer implements InitializingBean {

    /** Where the migrations are, with {@code {vendor}} one of postgresql, mysql, h2. */
    public static final String LOCATION = "classpath:db/reliable-messaging/{vendor}";

    private static final Logger log = LoggerFactory.getLogger(OutboxSchemaInitializer.class);

    private final DataSource dataSource;

    private final OutboxDialect dialect;

    private final OutboxTables tables;

    public OutboxSchemaInitializer(DataSource dataSource, OutboxDialect dialect, OutboxTables tables) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tables = tables;
    }

    @Override
    public void afterPropertiesSet() {
        MigrateResult result = Flyway.configure(getClass().getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATION.replace("{vendor}", dialect.vendor()))
            .table(tables.schemaHistory())
            .placeholders(Map.of("prefix", tables.prefix()))
            // The schema usually holds the application's tables already; start our history at 0.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load()
            .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Migrated the outbox tables ({}*) to version {}", tables.prefix(), result.targetSchemaVersion);
        }
    }
}
