package org.reliablemessaging;

/**
 * Thrown when a message is published with no transaction active, so there is no commit for the
 * message to be part of.
 */
public class TransactionRequiredException extends IllegalStateException {

    private static final String HOW_TO_FIX = "Call publish(...) from a @Transactional method, or inside "
            + "TransactionTemplate.execute(...), using the transaction manager of the DataSource that holds the "
            + "outbox tables.";

    public TransactionRequiredException(String topic) {
        this(topic, "no transaction is active");
    }

    public TransactionRequiredException(String topic, String problem) {
        super("Publishing to '" + topic + "' needs the caller's transaction, so that the outbox row commits together "
                + "with your business data, but " + problem + ". " + HOW_TO_FIX);
    }
}
