package org.reliablemessaging.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A schema of its own in the local PostgreSQL (127.0.0.1:5432, database test, user postgres) per run. */
final class Postgres implements AutoCloseable {

    static final String SERVER = System.getProperty("bench.postgres", "jdbc:postgresql://127.0.0.1:5432/test");

    static final String USER = System.getProperty("bench.postgres.user", "postgres");

    final String schema;

    private Postgres(String schema) {
        this.schema = schema;
    }

    static Postgres newSchema(String prefix) throws SQLException {
        String schema = prefix + "_" + Long.toString(System.nanoTime(), 36);
        execute("CREATE SCHEMA " + schema);
        return new Postgres(schema);
    }

    String url() {
        return SERVER + "?currentSchema=" + schema;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
