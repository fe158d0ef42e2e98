package org.reliablemessaging.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.reliablemessaging.spi.ListenerOutcome;
import org.reliablemessaging.spi.ListenerOutcome.Result;
import org.reliablemessaging.spi.ListenerOutcomeListener;

/**
 * What the code under test published and what its {@code @ReliableListener}s did with each message, for
 * assertions in a {@code @SpringBootTest}; it waits for an expected message without sleeping and says what it
 * saw instead when one does not come. Inject it; it is cleared before each test method.
 *
 * <pre>{@code
 * orders.place(new NewOrder("sku-1", 2));                                  // publishes OrderPlaced
 * OrderPlaced placed = harness.awaitHandled("inventory", OrderPlaced.class);
 * harness.assertNotPublished(OrderCancelled.class, Duration.ofMillis(500));
 * }</pre>
 */
public final class MessagingTestHarness implements ListenerOutcomeListener {

    /** How long the {@code await} methods wait unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Object lock = new Object();

    private final List<PublishedMessage> published = new ArrayList<>();

    private final List<ListenerOutcome> outcomes = new ArrayList<>();

    private final Duration timeout;

    /** A harness whose {@code await} methods wait up to {@code timeout}. */
    public MessagingTestHarness(Duration timeout) {
        this.timeout = timeout;
    }

    /** Every message published since the harness was last cleared, in commit order. */
    public List<PublishedMessage> published() {
        synchronized (lock) {
            return List.copyOf(published);
        }
    }

    /** The payloads of type {@code type} published since the harness was last cleared, in commit order. */
    public <T> List<T> published(Class<T> type) {
        return published().stream().filter(message -> message.isA(type)).map(message -> type.cast(message.payload()))
                .toList();
    }

    /** Every outcome of a listener since the harness was last cleared, in the order they were settled. */
    public List<ListenerOutcome> outcomes() {
        synchronized (lock) {
            return List.copyOf(outcomes);
        }
    }

    /** Waits until a {@code type} is published (or already was), and returns the first. */
    public <T> T awaitPublished(Class<T> type) {
        return awaitPublished(type, payload -> true);
    }

    /** Waits until a {@code type} matching {@code matching} is published (or already was), and returns the first. */
    public <T> T awaitPublished(Class<T> type, Predicate<? super T> matching) {
        String wanted = "a published " + type.getSimpleName() + " that matches";
        return type.cast(await(wanted, () -> firstPublished(type, matching)).payload());
    }

    /**
     * Waits until group {@code group} handled a {@code type} (or already did), and returns its payload; a message
     * that group dead-letters instead fails the wait at once, with its failure.
     */
    public <T> T awaitHandled(String group, Class<T> type) {
        return awaitHandled(group, type, payload -> true);
    }

    /** As {@link #awaitHandled(String, Class)}, for the first {@code type} that matches {@code matching}. */
    public <T> T awaitHandled(String group, Class<T> type, Predicate<? super T> matching) {
        String wanted = "group " + group + " to handle a " + type.getSimpleName() + " that matches";
        ListenerOutcome outcome = await(wanted, () -> firstOutcome(group, type, matching, Result.HANDLED, true));
        if (outcome.result() == Result.DEAD_LETTERED) {
            throw new AssertionError("Expected " + wanted + ", but group " + group + " dead-lettered it after "
                    + outcome.attempts() + " attempt(s): " + outcome.failure(), outcome.failure());
        }
        return type.cast(Objects.requireNonNull(outcome.payload(), "a matching outcome has a payload"));
    }

    /** Waits until group {@code group} dead-lettered a {@code type} (or already did), and returns the outcome. */
    public ListenerOutcome awaitDeadLettered(String group, Class<?> type) {
        return awaitDeadLettered(group, type, payload -> true);
    }

    /** As {@link #awaitDeadLettered(String, Class)}, for the first {@code type} that matches {@code matching}. */
    public <T> ListenerOutcome awaitDeadLettered(String group, Class<T> type, Predicate<? super T> matching) {
        String wanted = "group " + group + " to dead-letter a " + type.getSimpleName() + " that matches";
        return await(wanted, () -> firstOutcome(group, type, matching, Result.DEAD_LETTERED, false));
    }

    /** Fails if a {@code type} is published now or within {@code within}; waits that long to be sure. */
    public void assertNotPublished(Class<?> type, Duration within) {
        assertNothingWithin(within, () -> firstPublished(type, payload -> true)
                .map(message -> "a " + type.getSimpleName() + " was published: " + message));
    }

    /** Fails if group {@code group} handles a {@code type} now or within {@code within}; waits that long to be sure. */
    public void assertNotHandled(String group, Class<?> type, Duration within) {
        assertNothingWithin(within, () -> firstOutcome(group, type, payload -> true, Result.HANDLED, false)
                .map(outcome -> "group " + group + " handled a " + type.getSimpleName() + ": " + outcome));
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        synchronized (lock) {
            published.clear();
            outcomes.clear();
        }
    }

    @Override
    public void settled(ListenerOutcome outcome) {
        synchronized (lock) {
            outcomes.add(outcome);
            lock.notifyAll();
        }
    }

    void published(PublishedMessage message) {
        synchronized (lock) {
            published.add(message);
            lock.notifyAll();
        }
    }

    private <T> Optional<PublishedMessage> firstPublished(Class<T> type, Predicate<? super T> matching) {
        return published.stream().filter(message -> message.isA(type) && matching.test(type.cast(message.payload())))
                .findFirst();
    }

    /** The first outcome of {@code result} (or a dead letter, when {@code orDeadLettered}) of a matching payload. */
    private <T> Optional<ListenerOutcome> firstOutcome(String group, Class<T> type, Predicate<? super T> matching,
            Result result, boolean orDeadLettered) {
        return outcomes.stream()
                .filter(outcome -> outcome.group().equals(group)
                        && (outcome.result() == result || orDeadLettered && outcome.result() == Result.DEAD_LETTERED)
                        && type.isInstance(outcome.payload()) && matching.test(type.cast(outcome.payload())))
                .findFirst();
    }

    private <R> R await(String wanted, Lookup<R> lookup) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            for (Optional<R> found = lookup.find(); ; found = lookup.find()) {
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Expected " + wanted + " within " + timeout + "; saw " + seen());
                }
                waitFor(left);
            }
        }
    }

    private void assertNothingWithin(Duration within, Lookup<String> violation) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (lock) {
            for (Optional<String> found = violation.find(); ; found = violation.find()) {
                if (found.isPresent()) {
                    throw new AssertionError("Expected nothing of the kind within " + within + ", but " + found.get());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                waitFor(left);
            }
        }
    }

    private void waitFor(long nanos) {
        try {
            lock.wait(Math.max(1, nanos / 1_000_000));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for messages", ex);
        }
    }

    private String seen() {
        return "published " + published.stream().map(message -> message.type() + " to " + message.topic()).toList()
                + ", listener outcomes " + outcomes.stream().map(outcome -> outcome.group() + ": " + outcome.type() + " "
                        + outcome.result()).toList();
    }

    /** Looks for something in what was recorded; called holding the lock. */
    @FunctionalInterface
    private interface Lookup<R> {

        Optional<R> find();
    }
}
