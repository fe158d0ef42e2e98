package org.reliablemessaging.console.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.listener.HeldKeyOperations;
import org.reliablemessaging.console.outbox.OutboxReads;
import org.reliablemessaging.console.outbox.TopicState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Gauges of dead letters by group and status, outbox pending, oldest pending age and dead rows by
 * topic, and held keys by group, read from the database every refresh interval on a thread of their
 * own, however often they are scraped. A tag that no longer has rows reports 0.
 */
public final class ConsoleGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsoleGauges.class);

    private final ConsoleDatabase db;

    private final OutboxReads outbox;

    private final HeldKeyOperations heldKeys;

    private final Duration refresh;

    private final MultiGauge deadLetters;

    private final MultiGauge pending;

    private final MultiGauge oldestAge;

    private final MultiGauge dead;

    private final MultiGauge held;

    private final Map<MultiGauge, Map<Tags, Number>> seen = new HashMap<>();

    private volatile @Nullable ScheduledExecutorService executor;

    public ConsoleGauges(ConsoleDatabase db, OutboxReads outbox, HeldKeyOperations heldKeys, MeterRegistry registry,
            Duration refresh) {
        this.db = db;
        this.outbox = outbox;
        this.heldKeys = heldKeys;
        this.refresh = refresh;
        this.deadLetters = MultiGauge.builder("reliable.messaging.dead.letters")
            .description("Dead letters stored, by consumer group and status").register(registry);
        this.pending = MultiGauge.builder("reliable.messaging.outbox.pending")
            .description("Outbox rows waiting to be sent, by topic").register(registry);
        this.oldestAge = MultiGauge.builder("reliable.messaging.outbox.oldest.pending.age").baseUnit("seconds")
            .description("How long the most overdue pending row of a topic has been due").register(registry);
        this.dead = MultiGauge.builder("reliable.messaging.outbox.dead")
            .description("Outbox rows the relay gave up on, by topic").register(registry);
        this.held = MultiGauge.builder("reliable.messaging.listener.held.keys")
            .description("Keys held back by a retrying message, by consumer group, across instances").register(registry);
    }

    /** Reads every gauge's rows from the database once. */
    public synchronized void refresh() {
        Map<Tags, Number> letters = new HashMap<>();
        db.jdbc().query("SELECT group_name, status, COUNT(*) AS letters FROM " + db.tables().deadLetter()
                + " GROUP BY group_name, status", row -> {
                    letters.put(Tags.of("group", row.getString("group_name"), "status", row.getString("status")),
                            row.getLong("letters"));
                });
        set(deadLetters, letters);
        Map<Tags, Number> pendingRows = new HashMap<>();
        Map<Tags, Number> ages = new HashMap<>();
        Map<Tags, Number> deadRows = new HashMap<>();
        for (TopicState topic : outbox.topics()) {
            Tags tags = Tags.of("topic", topic.topic());
            pendingRows.put(tags, topic.pending());
            ages.put(tags, topic.oldestPendingAgeSeconds());
            deadRows.put(tags, topic.dead());
        }
        set(pending, pendingRows);
        set(oldestAge, ages);
        set(dead, deadRows);
        Map<Tags, Number> heldRows = new HashMap<>();
        heldKeys.countByGroup().forEach((group, count) -> heldRows.put(Tags.of("group", group), count));
        set(held, heldRows);
    }

    /** Sets {@code gauge} to {@code current}, and to 0 for each tag seen before that has no row now. */
    private void set(MultiGauge gauge, Map<Tags, Number> current) {
        Map<Tags, Number> values = seen.computeIfAbsent(gauge, g -> new HashMap<>());
        values.replaceAll((tags, value) -> 0);
        values.putAll(current);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        values.forEach((tags, value) -> rows.add(MultiGauge.Row.of(tags, value)));
        gauge.register(rows, true);
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rm-console-gauges").daemon()
            .factory());
        executor.scheduleWithFixedDelay(this::refreshLogged, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshLogged() {
        try {
            refresh();
        }
        catch (RuntimeException ex) {
            log.warn("Could not read the reliable messaging gauges; they keep their last values until the next try in "
                    + "{}: {}", refresh, ex.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
