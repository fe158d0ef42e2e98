package org.reliablemessaging.console;

import org.springframework.http.HttpStatus;

/**
 * A request the operations API refuses, with the HTTP status and the problem code it answers with
 * (see docs/OPERATIONS-API.md, Errors).
 */
public final class ConsoleException extends RuntimeException {

    private final HttpStatus status;

    private final String code;

    public ConsoleException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ConsoleException invalidFilter(String message) {
        return new ConsoleException(HttpStatus.BAD_REQUEST, "invalid-filter", message);
    }

    public static ConsoleException invalidRange(String message) {
        return new ConsoleException(HttpStatus.BAD_REQUEST, "invalid-range", message);
    }

    public static ConsoleException invalidLimit(String message) {
        return new ConsoleException(HttpStatus.BAD_REQUEST, "invalid-limit", message);
    }

    public static ConsoleException invalidRequest(String message) {
        return new ConsoleException(HttpStatus.BAD_REQUEST, "invalid-request", message);
    }

    public static ConsoleException notFound(String message) {
        return new ConsoleException(HttpStatus.NOT_FOUND, "not-found", message);
    }

    public static ConsoleException forbidden(String code, String message) {
        return new ConsoleException(HttpStatus.FORBIDDEN, code, message);
    }
}
