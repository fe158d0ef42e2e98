package org.reliablemessaging.console;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2ConsoleTest extends ConsoleContractTests {

    private static final TestDatabase DATABASE = TestDatabases.h2();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database(registry, DATABASE);
    }
}
