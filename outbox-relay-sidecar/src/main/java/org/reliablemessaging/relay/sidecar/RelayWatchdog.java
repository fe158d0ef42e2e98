package org.reliablemessaging.relay.sidecar;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.relay.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the sidecar's relay while the sidecar runs. The relay's loop ends on its own only on a
 * fatal error (it hands its shards back then); a sidecar left running without it would only look
 * alive, so the watchdog ends the process instead, for its supervisor (Docker, Kubernetes, systemd)
 * to start it again.
 */
final class RelayWatchdog implements SmartLifecycle {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(RelayWatchdog.class);

    private final BooleanSupplier relayRunning;

    private final Duration interval;

    private final Runnable onRelayEnded;

    private @Nullable ScheduledExecutorService checks;

    RelayWatchdog(BooleanSupplier relayRunning, Duration interval, Runnable onRelayEnded) {
        this.relayRunning = relayRunning;
        this.interval = interval;
        this.onRelayEnded = onRelayEnded;
    }

    @Override
    public synchronized void start() {
        checks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("rm-relay-watchdog").factory());
        checks.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Synchronized with {@link #stop()}: once that returned, no check sees the relay stopping with the sidecar. */
    private void check() {
        synchronized (this) {
            if (checks == null || relayRunning.getAsBoolean()) {
                return;
            }
            checks.shutdown();
            checks = null;
        }
        log.error("The outbox relay has ended on its own (see the error above); stopping the relay sidecar");
        // Outside the lock: closing the application stops this watchdog too.
        onRelayEnded.run();
    }

    @Override
    public synchronized void stop() {
        if (checks != null) {
            checks.shutdown();
            checks = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return checks != null;
    }

    /** Starts after the relay and stops before it, so that a relay stopping with the sidecar is no alarm. */
    @Override
    public int getPhase() {
        return OutboxRelay.PHASE + 1;
    }
}
