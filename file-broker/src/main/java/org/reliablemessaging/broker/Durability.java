package org.reliablemessaging.broker;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When the broker acknowledges a publish or a commit, relative to forcing it to disk.
 *
 * @param mode the kind of durability
 * @param interval for {@link Mode#INTERVAL}, how often the log is forced; {@link Duration#ZERO} otherwise
 */
public record Durability(Mode mode, Duration interval) {

    public Durability {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        if (mode == Mode.INTERVAL && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("interval durability needs a positive interval, was " + interval);
        }
        if (mode != Mode.INTERVAL && !interval.isZero()) {
            throw new IllegalArgumentException(mode + " durability takes no interval");
        }
    }

    /** Acknowledge after the write is forced to disk (the default): nothing acknowledged is lost on a crash. */
    public static Durability sync() {
        return new Durability(Mode.SYNC, Duration.ZERO);
    }

    /** Acknowledge after the write; force every {@code interval}: a machine crash loses up to that much. */
    public static Durability interval(Duration interval) {
        return new Durability(Mode.INTERVAL, interval);
    }

    /** Acknowledge after the write; leave forcing to the operating system. A process crash loses nothing, a machine crash may. */
    public static Durability none() {
        return new Durability(Mode.NONE, Duration.ZERO);
    }

    /**
     * Parses {@code sync}, {@code none}, {@code interval} (100 ms) or {@code interval(250ms)}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Durability parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("sync")) {
            return sync();
        }
        if (value.equals("none")) {
            return none();
        }
        if (value.equals("interval")) {
            return interval(Duration.ofMillis(100));
        }
        if (value.startsWith("interval(") && value.endsWith("ms)")) {
            String millis = value.substring("interval(".length(), value.length() - "ms)".length());
            try {
                return interval(Duration.ofMillis(Long.parseLong(millis.strip())));
            }
            catch (NumberFormatException ex) {
                // fall through to the error that names the accepted forms
            }
        }
        throw new IllegalArgumentException("unknown durability '" + text
                + "': use sync, none, interval or interval(<millis>ms)");
    }

    /** The kinds of durability. */
    public enum Mode {
        /** Ack after force. */
        SYNC,
        /** Ack after write, force periodically. */
        INTERVAL,
        /** Ack after write, never force explicitly. */
        NONE
    }
}
