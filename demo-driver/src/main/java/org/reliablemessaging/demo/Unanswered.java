package org.reliablemessaging.demo;

/** No answer from a service: refused (nothing done) or cut off (the request may have been carried out). */
final class Unanswered extends DemoFailed {

    private final boolean maybeCarriedOut;

    Unanswered(String message, boolean maybeCarriedOut) {
        super(message);
        this.maybeCarriedOut = maybeCarriedOut;
    }

    boolean maybeCarriedOut() {
        return maybeCarriedOut;
    }
}
