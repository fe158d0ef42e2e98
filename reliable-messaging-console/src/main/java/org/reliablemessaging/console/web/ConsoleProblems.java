package org.reliablemessaging.console.web;

import org.reliablemessaging.console.ConsoleException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import jakarta.servlet.http.HttpServletRequest;

/** The operations API's refusals as RFC 9457 problems (see docs/OPERATIONS-API.md, Errors). */
@RestControllerAdvice(assignableTypes = { MeController.class, DeadLetterController.class, OutboxController.class,
        ListenerController.class, AuditController.class })
public class ConsoleProblems {

    @ExceptionHandler(ConsoleException.class)
    public ProblemDetail refused(ConsoleException ex, HttpServletRequest request) {
        return ProblemResponses.problem(ex.status(), ex.code(), String.valueOf(ex.getMessage()), request.getRequestURI());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ProblemDetail unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
        return ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request", "The body is not the JSON this "
                + "request takes: " + ex.getMostSpecificCause().getMessage(), request.getRequestURI());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ProblemDetail mismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
        return ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request", "'" + ex.getValue() + "' is not a "
                + "valid " + ex.getName(), request.getRequestURI());
    }
}
