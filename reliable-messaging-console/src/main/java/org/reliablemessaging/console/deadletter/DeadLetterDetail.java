package org.reliablemessaging.console.deadletter;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.PayloadView;
import org.reliablemessaging.console.audit.AuditEntry;

/**
 * A dead letter with everything: headers, payload as its topic may be shown, stack, the chain of
 * causes, and the audit entries that changed it.
 */
public record DeadLetterDetail(long id, String group, String topic, @Nullable String key,
        @Nullable String messageId, @Nullable String type, String errorClass, @Nullable String errorMessage,
        @Nullable String failureGroup, int attempts, Instant firstFailedAt, Instant lastFailedAt, String status,
        @Nullable Instant resolvedAt, boolean edited, Map<String, String> headers, PayloadView payload,
        @Nullable String stack, List<Cause> causes, List<History> history) {

    /**
     * One error of the chain.
     *
     * @param errorClass its class
     * @param message its message, {@code null} if none
     */
    public record Cause(String errorClass, @Nullable String message) {
    }

    /**
     * An action that changed the letter.
     *
     * @param auditId its audit entry
     */
    public record History(long auditId, Instant at, String actor, String action, @Nullable String reason) {

        static History of(AuditEntry entry) {
            return new History(entry.id(), entry.at(), entry.actor(), entry.action(), entry.reason());
        }
    }
}
