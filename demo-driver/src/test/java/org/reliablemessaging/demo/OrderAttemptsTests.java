package org.reliablemessaging.demo;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.demo.OrderAttempts.Outcome;
import org.reliablemessaging.demo.OrderAttempts.UserView;

import static org.assertj.core.api.Assertions.assertThat;

class OrderAttemptsTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aWindowCountsTheRequestsSentInItByOutcomeWithTheMedianAndTheLongestWait() {
        OrderAttempts attempts = new OrderAttempts();
        long now = System.nanoTime();
        attempts.record(now - 100 * SECOND, Outcome.TAKEN);
        attempts.record(now - 40 * SECOND, Outcome.UNANSWERED);
        attempts.record(now - 20 * SECOND, Outcome.REFUSED);
        attempts.record(now - 10 * SECOND, Outcome.TAKEN);

        UserView view = attempts.sentBetween(now - 50 * SECOND, now - 5 * SECOND);

        assertThat(view.requests()).isEqualTo(3);
        assertThat(view.taken()).isEqualTo(1);
        assertThat(view.refused()).isEqualTo(1);
        assertThat(view.unanswered()).isEqualTo(1);
        // Each was answered just now: waits of about 10, 20 and 40 seconds.
        assertThat(view.median()).isBetween(20.0, 21.0);
        assertThat(view.slowest()).isBetween(40.0, 41.0);
    }

    @Test
    void aWindowWithoutRequestsSaysSo() {
        assertThat(new OrderAttempts().sentBetween(0, System.nanoTime())).isEqualTo(new UserView(0, 0, 0, 0, 0, 0));
    }
}
