package org.reliablemessaging.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.listener.ListenerGroupStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer group's health: DOWN while not running or deferred too long, with what it waits for. */
class ListenerGroupsHealthContributorTests {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final ListenerGroupsHealthContributor contributor = new ListenerGroupsHealthContributor(null,
            Duration.ofMinutes(1), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aRunningGroupIsUpWithWhatItWaitsFor() {
        Health health = contributor.health(status(true, 2, 0, null));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("topics", List.of("orders")).containsEntry("inFlight", 7)
                .containsEntry("keysRetrying", 2).containsEntry("messagesDeferred", 0);
    }

    @Test
    void aGroupWhoseMessagesAreDeferredLongerThanAllowedIsDownWithTheReason() {
        Health health = contributor.health(status(true, 0, 3, NOW.minus(Duration.ofMinutes(2))));

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason")).isEqualTo("3 message(s) deferred since "
                + NOW.minus(Duration.ofMinutes(2)) + ", longer than PT1M: Redis unreachable");
    }

    @Test
    void aShortDeferralLeavesTheGroupUp() {
        assertThat(contributor.health(status(true, 0, 1, NOW.minusSeconds(10))).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aGroupThatIsNotRunningIsDown() {
        Health health = contributor.health(status(false, 0, 0, null));

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("reason", "its listeners are not running");
    }

    private static ListenerGroupStatus status(boolean running, int keysRetrying, int deferred, Instant deferredSince) {
        return new ListenerGroupStatus("stock", List.of("orders"), running, 7, keysRetrying, deferred, deferredSince,
                deferredSince == null ? null : "Redis unreachable");
    }
}
