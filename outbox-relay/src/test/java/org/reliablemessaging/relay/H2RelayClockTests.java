package org.reliablemessaging.relay;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class H2RelayClockTests extends RelayClockContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
