package org.reliablemessaging.console;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class MariaDbConsoleTests extends ConsoleContractTests {

    private static final TestDatabase DATABASE = TestDatabases.mariadb();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database(registry, DATABASE);
    }
}
