package org.reliablemessaging.sample.inventory.web;

import org.reliablemessaging.sample.inventory.domain.ReservationNotFoundException;
import org.reliablemessaging.sample.inventory.domain.SkuNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns an unknown SKU or reservation into an RFC 9457 problem body; Spring's own problem details
 * ({@code spring.mvc.problemdetails.enabled}) cover malformed and invalid requests.
 */
@RestControllerAdvice
class InventoryProblems {

    @ExceptionHandler
    ProblemDetail notFound(SkuNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("SKU not found");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(ReservationNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Reservation not found");
        return problem;
    }
}
