package org.reliablemessaging.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.listener.ListenerContainers;
import org.reliablemessaging.listener.ListenerGroupStatus;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One health indicator per consumer group of this instance's {@code @ReliableListener}s: DOWN while its listeners
 * are not running, or while its messages have been deferred longer than allowed (an idempotency guard's store out
 * of reach, say); UP otherwise, with the keys held back by retries and the messages in flight.
 */
public final class ListenerGroupsHealthContributor implements CompositeHealthContributor {

    private final ListenerContainers containers;

    private final Duration maxDeferral;

    private final Clock clock;

    public ListenerGroupsHealthContributor(ListenerContainers containers, Duration maxDeferral, Clock clock) {
        this.containers = containers;
        this.maxDeferral = maxDeferral;
        this.clock = clock;
    }

    @Override
    public @Nullable HealthContributor getContributor(String group) {
        return containers.groups().containsKey(group) ? indicator(group) : null;
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return containers.groups().keySet().stream().map(group -> new HealthContributors.Entry(group, indicator(group)));
    }

    private HealthIndicator indicator(String group) {
        return () -> {
            ListenerGroupStatus status = containers.groups().get(group);
            return status == null ? Health.down().withDetail("reason", "its listeners are not running").build()
                    : health(status);
        };
    }

    Health health(ListenerGroupStatus status) {
        Health.Builder builder = Health.up();
        Instant deferredSince = status.deferredSince();
        if (!status.running()) {
            builder = Health.down().withDetail("reason", "its listeners are not running");
        }
        else if (deferredSince != null && Duration.between(deferredSince, clock.instant()).compareTo(maxDeferral) > 0) {
            builder = Health.down().withDetail("reason", status.messagesDeferred() + " message(s) deferred since "
                    + deferredSince + ", longer than " + maxDeferral + ": " + status.deferredBecause());
        }
        return builder.withDetail("topics", status.topics()).withDetail("inFlight", status.inFlight())
                .withDetail("keysRetrying", status.keysRetrying())
                .withDetail("messagesDeferred", status.messagesDeferred()).build();
    }
}
