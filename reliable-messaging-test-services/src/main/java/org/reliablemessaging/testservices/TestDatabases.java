package org.reliablemessaging.testservices;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Freshly isolated databases on the engines the outbox supports, one per call.
 *
 * <p>Nothing is dropped afterwards: names never repeat, and a schema dropped at the end of a test
 * could still be in use by an application context that Spring closes later.
 */
public final class TestDatabases {

    /** The database that both the local server and the container have, and that the schemas live in. */
    static final String POSTGRES_DATABASE = "test";

    private static final String NAME_PREFIX = "rm_t";

    private TestDatabases() {
    }

    /** A new PostgreSQL schema ({@code rm_t_<random>}), which the URL selects with {@code currentSchema}. */
    public static TestDatabase postgres() {
        DatabaseServer server = switch (TestServiceMode.current()) {
            case LOCAL -> new DatabaseServer(LocalServer.HOST, LocalServer.POSTGRESQL.requireRunning(), "postgres", "");
            case CONTAINERS -> SharedContainers.postgres();
        };
        String url = "jdbc:postgresql://%s:%d/%s".formatted(server.host(), server.port(), POSTGRES_DATABASE);
        String schema = TestNames.identifier(NAME_PREFIX);
        execute(server, url, "CREATE SCHEMA " + schema);
        return new TestDatabase(url + "?currentSchema=" + schema, server.username(), server.password());
    }

    /** A new MariaDB database ({@code rm_t_<random>}), which the URL points at. */
    public static TestDatabase mariadb() {
        DatabaseServer server = switch (TestServiceMode.current()) {
            case LOCAL -> new DatabaseServer(LocalServer.HOST, LocalServer.MARIADB.requireRunning(), "root", "");
            case CONTAINERS -> SharedContainers.mariadb();
        };
        String url = "jdbc:mariadb://%s:%d/".formatted(server.host(), server.port());
        String database = TestNames.identifier(NAME_PREFIX);
        execute(server, url, "CREATE DATABASE " + database);
        return new TestDatabase(url + database, server.username(), server.password());
    }

    /** A new in-memory H2 database, kept until the JVM ends so that closing its last connection keeps the data. */
    public static TestDatabase h2() {
        return new TestDatabase("jdbc:h2:mem:" + TestNames.identifier("rm") + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    private static void execute(DatabaseServer server, String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, server.username(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not run '%s' on %s as %s".formatted(sql, url, server.username()), ex);
        }
    }
}
