package org.reliablemessaging.console;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresConsoleTests extends ConsoleContractTests {

    private static final TestDatabase DATABASE = TestDatabases.postgres();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database(registry, DATABASE);
    }
}
