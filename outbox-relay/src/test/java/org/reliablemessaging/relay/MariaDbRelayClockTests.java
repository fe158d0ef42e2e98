package org.reliablemessaging.relay;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class MariaDbRelayClockTests extends RelayClockContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.mariadb();
    }
}
