package org.reliablemessaging;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method that handles the messages of a topic for a consumer group: the method takes
 * the payload (converted from JSON by its logical type name) and optionally a {@link MessageContext}.
 *
 * <pre>{@code
 * @ReliableListener(topic = "orders", group = "inventory", concurrency = 32)
 * void on(OrderPlaced event, MessageContext context) { ... }
 * }</pre>
 *
 * A message is acknowledged only after the method returned, or after it was dead-lettered.
 * Attributes left at their defaults take the values of {@code reliable-messaging.listener.*}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Reflective(ReliableListenerReflectiveProcessor.class)
public @interface ReliableListener {

    /** The topic to consume; {@code ${...}} placeholders are resolved. */
    String topic();

    /**
     * The consumer group: each group gets every message once, and the instances of one group share
     * the work; {@code ${...}} placeholders are resolved.
     */
    String group();

    /** How messages are ordered. */
    Ordering ordering() default Ordering.KEY;

    /** Most messages handled at once; {@code 0} for the configured default. */
    int concurrency() default 0;

    /** Whether to skip messages this group has already processed; {@code DEFAULT} for the configured store. */
    Idempotency idempotent() default Idempotency.DEFAULT;

    /** Attempts before a failing message is dead-lettered; {@code 0} for the configured default. */
    int maxAttempts() default 0;

    /** Wait before the second attempt, as a duration (e.g. {@code "500ms"}); empty for the configured default. */
    String backoff() default "";

    /** Exceptions that are dead-lettered at once, without retries, besides {@link NonRetryableException}. */
    Class<? extends Throwable>[] nonRetryable() default {};

    /** Whether and where a listener records processed messages. */
    enum Idempotency {
        /** As {@code reliable-messaging.idempotency.store} says. */
        DEFAULT,
        /** Never skip: the handler is idempotent by itself, or duplicates do no harm. */
        NONE,
        /** A row in the database, in the handler's transaction: exactly one effect. */
        DATABASE,
        /**
         * A row in the database, as {@link #DATABASE}.
         * @deprecated since 0.2.0, in favour of {@link #DATABASE}, which says what is recorded where
         */
        @Deprecated(since = "0.2.0")
        JDBC,
        /** A marker in Redis: duplicates skipped, but not atomic with the handler's effect. */
        REDIS
    }
}
