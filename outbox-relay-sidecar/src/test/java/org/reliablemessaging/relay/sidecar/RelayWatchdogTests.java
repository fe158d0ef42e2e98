package org.reliablemessaging.relay.sidecar;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayWatchdogTests {

    private static final Duration INTERVAL = Duration.ofMillis(20);

    @Test
    void endsTheSidecarOnceWhenTheRelayEndsOnItsOwn() throws Exception {
        AtomicBoolean relayRunning = new AtomicBoolean(true);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        RelayWatchdog watchdog = new RelayWatchdog(relayRunning::get, INTERVAL, () -> {
            calls.incrementAndGet();
            ended.countDown();
        });
        watchdog.start();
        Thread.sleep(INTERVAL.toMillis() * 5);
        assertThat(calls).hasValue(0);

        relayRunning.set(false);
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(INTERVAL.toMillis() * 5);
        assertThat(calls).hasValue(1);
        assertThat(watchdog.isRunning()).isFalse();
    }

    @Test
    void aRelayStoppingWithTheSidecarIsNoAlarm() throws Exception {
        AtomicBoolean relayRunning = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        RelayWatchdog watchdog = new RelayWatchdog(relayRunning::get, INTERVAL, calls::incrementAndGet);
        watchdog.start();
        watchdog.stop();
        relayRunning.set(false);
        Thread.sleep(INTERVAL.toMillis() * 5);
        assertThat(calls).hasValue(0);
    }
}
