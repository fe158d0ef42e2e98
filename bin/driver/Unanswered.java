/** No answer from a service: refused (nothing done) or cut off (the request may have been carried out). */
final class Unanswered extends DemoFailed {

    final boolean maybeCarriedOut;

    Unanswered(String message, boolean maybeCarriedOut) {
        super(message);
        this.maybeCarriedOut = maybeCarriedOut;
    }
}
