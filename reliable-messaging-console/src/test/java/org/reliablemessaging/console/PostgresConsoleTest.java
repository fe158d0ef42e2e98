package org.reliablemessaging.console;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PostgresConsoleTest extends ConsoleContractTests {

    private static final TestDatabase DATABASE = TestDatabases.postgres();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database(registry, DATABASE);
    }
}
