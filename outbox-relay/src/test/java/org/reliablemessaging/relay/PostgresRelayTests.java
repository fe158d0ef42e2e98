package org.reliablemessaging.relay;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostgresRelayTests extends RelayContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.postgres();
    }

    /** A relay in another process hears of commits through NOTIFY, long before its next poll. */
    @Test
    void aCommitInAnotherProcessWakesTheRelayThroughNotify() throws Exception {
        try (OutboxTestDatabase db = new OutboxTestDatabase(TestDatabases.postgres());
                RelayFixture relays = new RelayFixture(db)) {
            ScriptedSender sender = new ScriptedSender();
            PostgresCommitListener listener = new PostgresCommitListener(db.database, relays.wakeUp);
            listener.start();
            try {
                relays.start(sender, 5, true, Duration.ZERO, Duration.ofSeconds(30));
                Thread.sleep(300);
                ReliablePublisher otherProcess = db.publisher();
                db.inTransaction(() -> otherProcess.publish("t", "k", 1));

                await().atMost(Duration.ofSeconds(5)).until(() -> sender.confirmed().size() == 1);
                assertThat(sender.payloadsOf("k")).containsExactly("1");
            }
            finally {
                listener.stop();
            }
        }
    }
}
