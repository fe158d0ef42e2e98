package org.reliablemessaging.test;

import java.util.UUID;

import org.reliablemessaging.Message;
import org.reliablemessaging.ReliablePublisher;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The application's publisher, telling the harness of each message once its transaction committed: a message
 * rolled back was never published.
 */
final class RecordingPublisher implements ReliablePublisher {

    private final ReliablePublisher delegate;

    private final MessagingTestHarness harness;

    RecordingPublisher(ReliablePublisher delegate, MessagingTestHarness harness) {
        this.delegate = delegate;
        this.harness = harness;
    }

    @Override
    public UUID publish(Message message) {
        UUID id = delegate.publish(message);
        // The delegate refuses to publish outside a transaction, so synchronization is active here.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                harness.published(new PublishedMessage(id, message));
            }
        });
        return id;
    }
}
