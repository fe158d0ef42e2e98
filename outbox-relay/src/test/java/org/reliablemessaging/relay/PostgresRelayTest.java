package org.reliablemessaging.relay;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;

class PostgresRelayTest extends RelayContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.postgres();
    }
}
