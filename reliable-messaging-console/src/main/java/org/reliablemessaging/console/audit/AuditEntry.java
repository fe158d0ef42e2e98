package org.reliablemessaging.console.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * One action taken through the operations API.
 *
 * @param id its id, in the order actions began
 * @param at when it began
 * @param actor who took it
 * @param action what it was, such as {@code DEAD_LETTER_REPLAY}
 * @param target on what: the ids, the filter, the range or the key the request named
 * @param changed how many rows it changed
 * @param reason why, as the actor said
 * @param details what else belongs to it: an edit's new payload, a replay's target topic
 */
public record AuditEntry(long id, Instant at, String actor, String action, JsonNode target, long changed,
        @Nullable String reason, @Nullable JsonNode details) {
}
