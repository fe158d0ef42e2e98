package org.reliablemessaging.testservices;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class TestDatabasesTests {

    static Stream<Arguments> engines() {
        return Stream.of(
                argumentSet("postgres", (Supplier<TestDatabase>) TestDatabases::postgres),
                argumentSet("mariadb", (Supplier<TestDatabase>) TestDatabases::mariadb),
                argumentSet("h2", (Supplier<TestDatabase>) TestDatabases::h2));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void eachCallGivesAnotherWorkingDatabase(Supplier<TestDatabase> engine) throws SQLException {
        TestDatabase first = engine.get();
        TestDatabase second = engine.get();
        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());

        try (HikariDataSource firstPool = first.dataSource();
                HikariDataSource secondPool = second.dataSource();
                Connection inFirst = firstPool.getConnection();
                Connection inSecond = secondPool.getConnection();
                Statement firstStatement = inFirst.createStatement();
                Statement secondStatement = inSecond.createStatement()) {
            firstStatement.execute("CREATE TABLE probe (id INT)");
            firstStatement.execute("INSERT INTO probe (id) VALUES (1)");

            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> secondStatement.executeQuery("SELECT id FROM probe"));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void connectionDetailsDescribeTheSameDatabase(Supplier<TestDatabase> engine) {
        TestDatabase database = engine.get();
        var details = database.connectionDetails();
        assertThat(details.getJdbcUrl()).isEqualTo(database.jdbcUrl());
        assertThat(details.getUsername()).isEqualTo(database.username());
        assertThat(details.getPassword()).isEqualTo(database.password());
    }
}
