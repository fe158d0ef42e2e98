package org.reliablemessaging.demo;

/** What went wrong, in a sentence for the reader; the demo stops. */
class DemoFailed extends RuntimeException {

    DemoFailed(String message) {
        super(message);
    }
}
