package org.reliablemessaging.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The failure group of a dead letter: a fingerprint of its cause, so that the letters one defect
 * produced can be seen, replayed or skipped together.
 *
 * <p>It is the error's class plus the first frame of its stack in application code, as
 * {@code class.method} without the line number (a redeploy must not split a group); without such a
 * frame, the class plus the message with ids and numbers replaced by {@code #}. It is computed from
 * the text stored with the letter (class, message, stack excerpt), so letters stored before the
 * fingerprint existed get the same one later.
 *
 * @param fingerprint 16 hex digits
 * @param location the application frame, {@code null} when the message was used
 * @param message the normalised message, {@code null} if there was none
 */
public record FailureFingerprint(String fingerprint, @Nullable String location, @Nullable String message) {

    /** Frames of these packages are the platform's, frameworks' or this product's, not the application's. */
    private static final List<String> NOT_APPLICATION = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "jakarta.", "org.springframework.", "org.reliablemessaging.", "io.micrometer.", "tools.jackson.",
            "com.fasterxml.jackson.");

    /** The samples are application code, though in the product's namespace. */
    private static final String SAMPLES = "org.reliablemessaging.sample.";

    private static final Pattern UUID = Pattern
        .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final Pattern HEX_ID = Pattern.compile("\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b");

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

    /** The fingerprint of a failure described by its class, message and stack excerpt as stored. */
    public static FailureFingerprint of(String errorClass, @Nullable String errorMessage,
            @Nullable String stackExcerpt) {
        String location = applicationFrame(errorClass, stackExcerpt);
        String message = errorMessage == null ? null : normalise(errorMessage);
        String basis = errorClass + "|" + (location != null ? "at " + location : "message " + message);
        return new FailureFingerprint(sha256(basis).substring(0, 16), location, message);
    }

    /** {@code message} with UUIDs, hex ids and numbers replaced by {@code #}, and cut to 500 characters. */
    static String normalise(String message) {
        String normal = NUMBER.matcher(HEX_ID.matcher(UUID.matcher(message).replaceAll("#")).replaceAll("#"))
            .replaceAll("#");
        return normal.length() <= 500 ? normal : normal.substring(0, 500);
    }

    /**
     * The first application frame of the stack of {@code errorClass} in the excerpt: the section
     * that starts with that class (the error itself, or one of its causes), else the whole excerpt.
     */
    static @Nullable String applicationFrame(String errorClass, @Nullable String stackExcerpt) {
        if (stackExcerpt == null) {
            return null;
        }
        String[] lines = stackExcerpt.split("\n");
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].startsWith("Caused by: ") ? lines[i].substring("Caused by: ".length()) : lines[i];
            if (line.equals(errorClass) || line.startsWith(errorClass + ":")) {
                start = i;
                break;
            }
        }
        for (int i = start + 1; i < lines.length && lines[i].startsWith("\tat "); i++) {
            String frame = method(lines[i].substring("\tat ".length()));
            if (isApplication(frame)) {
                return frame;
            }
        }
        return null;
    }

    /** {@code java.base/java.util.Foo.bar(Foo.java:12)} → {@code java.util.Foo.bar}. */
    private static String method(String frame) {
        int paren = frame.indexOf('(');
        String method = paren < 0 ? frame : frame.substring(0, paren);
        int slash = method.lastIndexOf('/');
        return slash < 0 ? method : method.substring(slash + 1);
    }

    private static boolean isApplication(String frame) {
        return frame.startsWith(SAMPLES) || NOT_APPLICATION.stream().noneMatch(frame::startsWith);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }
}
