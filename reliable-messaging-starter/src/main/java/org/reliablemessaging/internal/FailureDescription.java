package org.reliablemessaging.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * What a dead letter records about the error that killed it: the meaningful error's class and
 * message, and an excerpt of the stack traces of the chain.
 *
 * @param errorClass the fully qualified class name of the meaningful error
 * @param errorMessage its message, {@code null} if it has none
 * @param stackExcerpt the first frames of each error of the chain
 */
public record FailureDescription(String errorClass, @Nullable String errorMessage, String stackExcerpt) {

    /** The longest error message kept; the dead letter column holds this many characters. */
    public static final int MAX_MESSAGE_LENGTH = 4000;

    /** Frames kept per error of the chain: enough to see where it came from in the listener. */
    static final int FRAMES_PER_ERROR = 15;

    /** The longest stack excerpt kept, so a deep or recursive chain cannot bloat the table. */
    static final int MAX_EXCERPT_LENGTH = 16_000;

    private static final int MAX_CHAIN = 10;

    /** Describes {@code error}. */
    public static FailureDescription of(Throwable error) {
        Throwable meaningful = meaningful(error);
        return new FailureDescription(meaningful.getClass().getName(),
                meaningful.getMessage() == null ? null : truncate(meaningful.getMessage(), MAX_MESSAGE_LENGTH),
                stackExcerpt(error));
    }

    /**
     * Follows the causes of {@code error} past wrappers, which only say that something failed
     * underneath: reflection and future wrappers, and exceptions with no message of their own (none,
     * or just their cause's, as {@code new RuntimeException(cause)} makes). An error with a message
     * of its own, a {@code NonRetryableException} saying why for example, is the meaningful one.
     */
    static Throwable meaningful(Throwable error) {
        Throwable current = error;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (current.getCause() != null && seen.add(current) && isWrapper(current)) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isWrapper(Throwable error) {
        Throwable cause = error.getCause();
        return error instanceof InvocationTargetException || error instanceof UndeclaredThrowableException
                || error instanceof CompletionException || error instanceof ExecutionException
                || error.getMessage() == null
                || error.getMessage().equals(String.valueOf(cause));
    }

    static String stackExcerpt(Throwable error) {
        StringBuilder excerpt = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = error;
        while (current != null && seen.add(current) && seen.size() <= MAX_CHAIN) {
            if (current != error) {
                excerpt.append("Caused by: ");
            }
            excerpt.append(current).append('\n');
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, FRAMES_PER_ERROR); i++) {
                excerpt.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > FRAMES_PER_ERROR) {
                excerpt.append("\t... ").append(frames.length - FRAMES_PER_ERROR).append(" more\n");
            }
            current = current.getCause();
        }
        return truncate(excerpt.toString(), MAX_EXCERPT_LENGTH);
    }

    /**
     * At most {@code max} characters of {@code text}, never cutting a surrogate pair in half, and
     * with NUL characters replaced, because PostgreSQL refuses them in text columns: a dead letter
     * that cannot be stored would never let its message be acknowledged.
     */
    static String truncate(String text, int max) {
        String clean = text.replace('\0', '\uFFFD');
        if (clean.length() <= max) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(max - 1)) ? max - 1 : max;
        return clean.substring(0, end);
    }
}
