package org.reliablemessaging.relay;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class MariaDbRelayTests extends RelayContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.mariadb();
    }
}
