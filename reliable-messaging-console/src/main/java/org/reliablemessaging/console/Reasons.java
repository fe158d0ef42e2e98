package org.reliablemessaging.console;

import org.jspecify.annotations.Nullable;

/** Checks the reasons operators give for their actions. */
public final class Reasons {

    /** The longest reason kept. */
    public static final int MAX_LENGTH = 1000;

    private Reasons() {
    }

    /** {@code reason}, required: not blank. */
    public static String required(@Nullable String reason, String action) {
        String given = optional(reason);
        if (given == null) {
            throw ConsoleException.invalidRequest("Say why: \"reason\" is required to " + action);
        }
        return given;
    }

    /** {@code reason} if given, stripped, and at most {@value #MAX_LENGTH} characters. */
    public static @Nullable String optional(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        if (reason.length() > MAX_LENGTH) {
            throw ConsoleException.invalidRequest("\"reason\" must have at most " + MAX_LENGTH + " characters");
        }
        return reason.strip();
    }
}
