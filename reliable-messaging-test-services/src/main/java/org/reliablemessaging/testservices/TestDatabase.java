package org.reliablemessaging.testservices;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * One isolated database (a schema, a database or an in-memory H2) that a test may use as it likes.
 *
 * @param jdbcUrl the URL, already pointing at the isolated schema or database
 * @param username the account to connect with
 * @param password its password, empty where the server does not ask for one
 */
public record TestDatabase(String jdbcUrl, String username, String password) {

    private static final int MAX_POOL_SIZE = 10;

    /**
     * A new connection pool of at most 10 connections to this database, which the caller owns and
     * must close (it is {@link AutoCloseable}, so try-with-resources or an {@code @AfterEach} will do).
     */
    public HikariDataSource dataSource() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(jdbcUrl);
        dataSource.setUsername(username);
        dataSource.setPassword(password);
        dataSource.setMaximumPoolSize(MAX_POOL_SIZE);
        // Opened on demand, so that a pool a test forgets to close holds no connections once idle.
        dataSource.setMinimumIdle(0);
        return dataSource;
    }

    /** This database as Spring Boot's connection details, from which Boot builds and closes its own pool. */
    public JdbcConnectionDetails connectionDetails() {
        return new JdbcConnectionDetails() {

            @Override
            public String getUsername() {
                return username;
            }

            @Override
            public String getPassword() {
                return password;
            }

            @Override
            public String getJdbcUrl() {
                return jdbcUrl;
            }
        };
    }
}
