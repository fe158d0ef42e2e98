package org.reliablemessaging.sample.order.web;

import org.reliablemessaging.sample.order.domain.OrderNotCancellableException;
import org.reliablemessaging.sample.order.domain.OrderNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the order rules' refusals into RFC 9457 problem bodies; Spring's own problem details
 * ({@code spring.mvc.problemdetails.enabled}) cover malformed and invalid requests.
 */
@RestControllerAdvice
class OrderProblems {

    @ExceptionHandler
    ProblemDetail notFound(OrderNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "Order not found", ex);
    }

    @ExceptionHandler
    ProblemDetail notCancellable(OrderNotCancellableException ex) {
        return problem(HttpStatus.CONFLICT, "Order not cancellable", ex);
    }

    private static ProblemDetail problem(HttpStatus status, String title, RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
        problem.setTitle(title);
        return problem;
    }
}
