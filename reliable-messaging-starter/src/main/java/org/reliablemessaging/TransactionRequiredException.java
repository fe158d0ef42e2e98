package org.reliablemessaging;

/**
 * Thrown when a message is published with no transaction active, so there is no commit for the
 * message to be part of.
 */
public class TransactionRequiredException extends IllegalStateException {

    public TransactionRequiredException(String topic) {
        super("Publishing to '" + topic + "' needs an active transaction: the outbox row must commit together "
                + "with your business data. Call publish(...) from a @Transactional method, or inside "
                + "TransactionTemplate.execute(...), using the transaction manager of the DataSource that holds "
                + "the outbox tables.");
    }
}
