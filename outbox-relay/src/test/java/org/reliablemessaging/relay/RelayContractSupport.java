package org.reliablemessaging.relay;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.testservices.TestDatabase;

/**
 * What every relay contract runs on: a fresh outbox database of the subclass's kind, relays on it, a publisher
 * that wakes them, and a sender the test scripts.
 */
abstract class RelayContractSupport {

    OutboxTestDatabase db;

    RelayFixture relays;

    ReliablePublisher publisher;

    final ScriptedSender sender = new ScriptedSender();

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() {
        db = new OutboxTestDatabase(newDatabase());
        relays = new RelayFixture(db);
        publisher = db.publisher(relays.wakeUp);
    }

    @AfterEach
    void tearDown() {
        relays.close();
        db.close();
    }
}
