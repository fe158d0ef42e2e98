package org.reliablemessaging.relay;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.Message;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogStatisticsTests {

    private final OutboxTestDatabase db = new OutboxTestDatabase(TestDatabases.h2());

    private final ReliablePublisher publisher = db.publisher();

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aMessageDelayedIntoTheFutureIsNotOverdue() {
        db.inTransaction(() -> publisher.publish(Message.to("t").key("k").payload(1).delay(Duration.ofHours(1))));

        BacklogStatistics inTenMinutes = new BacklogStatistics(db.database, clockAhead(Duration.ofMinutes(10)), Duration.ZERO);

        assertThat(inTenMinutes.count()).isEqualTo(1);
        assertThat(inTenMinutes.oldestAge()).isZero();
        assertThat(health(inTenMinutes)).isEqualTo(Status.UP);
    }

    @Test
    void anUnsentMessageMakesTheRelayDownOnceOverdue() {
        db.inTransaction(() -> publisher.publish("t", "k", 1));

        BacklogStatistics inTenMinutes = new BacklogStatistics(db.database, clockAhead(Duration.ofMinutes(10)), Duration.ZERO);

        assertThat(inTenMinutes.oldestAge()).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(11));
        assertThat(health(inTenMinutes)).isEqualTo(Status.DOWN);
        assertThat(health(new BacklogStatistics(db.database, Clock.systemUTC(), Duration.ZERO))).isEqualTo(Status.UP);
    }

    private static Status health(BacklogStatistics pending) {
        return new OutboxRelayHealthIndicator(pending, Duration.ofMinutes(5)).health(false).getStatus();
    }

    private static Clock clockAhead(Duration offset) {
        return Clock.offset(Clock.systemUTC(), offset);
    }
}
