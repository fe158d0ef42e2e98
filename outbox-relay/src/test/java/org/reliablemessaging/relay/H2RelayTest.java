package org.reliablemessaging.relay;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;

class H2RelayTest extends RelayContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
