package org.reliablemessaging.actuate;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.DeadLetter;
import org.reliablemessaging.DeadLetter.Status;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code deadletters} Actuator endpoint: lists and counts dead letters, shows one, and, once
 * its access is raised ({@code management.endpoint.deadletters.access=unrestricted}), replays
 * ({@code POST}) or skips ({@code DELETE}) them.
 *
 * <p>Read-only by default because a replay makes a consumer group process a message again.
 */
@Endpoint(id = "deadletters", defaultAccess = Access.READ_ONLY)
public class DeadLettersEndpoint {

    private final DeadLetters deadLetters;

    public DeadLettersEndpoint(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** A page of letters ({@code DEAD} ones unless {@code status} says otherwise) and how many match in all. */
    @ReadOperation
    public Page list(@Nullable String group, @Nullable String topic, @Nullable Status status, @Nullable Integer limit,
            @Nullable Long afterId) {
        DeadLetterQuery query = query(group, topic, status, limit, afterId);
        List<DeadLetter> letters = deadLetters.list(query);
        Long next = letters.size() == query.limit() ? letters.get(letters.size() - 1).id() : null;
        return new Page(deadLetters.count(query), letters.stream().map(Letter::of).toList(), next);
    }

    /** One letter, whatever its status; none (404 over HTTP) if there is no such letter. */
    @ReadOperation
    public @Nullable Letter letter(@Selector long id) {
        return deadLetters.find(id).map(Letter::of).orElse(null);
    }

    /** Replays the letter {@code id}, or the first page of a group's dead letters (optionally of one topic). */
    @WriteOperation
    public Map<String, Integer> replay(@Nullable Long id, @Nullable String group, @Nullable String topic,
            @Nullable Integer limit) {
        return Map.of("replayed", id != null ? (deadLetters.replay(id) ? 1 : 0)
                : deadLetters.replay(groupQuery("replay", group, topic, limit)));
    }

    /** Skips the letter {@code id}, or the first page of a group's dead letters (optionally of one topic). */
    @DeleteOperation
    public Map<String, Integer> skip(@Nullable Long id, @Nullable String group, @Nullable String topic,
            @Nullable Integer limit) {
        return Map.of("skipped", id != null ? (deadLetters.skip(id) ? 1 : 0)
                : deadLetters.skip(groupQuery("skip", group, topic, limit)));
    }

    /** Refuses to act on every group at once: a bare request is far more likely a mistake than a wish. */
    private static DeadLetterQuery groupQuery(String action, @Nullable String group, @Nullable String topic,
            @Nullable Integer limit) {
        if (group == null) {
            String reason = "Say which letters to " + action + ": an id, or a group (and optionally a topic and limit)";
            throw new InvalidEndpointRequestException(reason, reason);
        }
        return query(group, topic, null, limit, null);
    }

    private static DeadLetterQuery query(@Nullable String group, @Nullable String topic, @Nullable Status status,
            @Nullable Integer limit, @Nullable Long afterId) {
        try {
            return new DeadLetterQuery(group, topic, status != null ? status : Status.DEAD,
                    limit != null ? limit : DeadLetterQuery.DEFAULT_LIMIT, afterId != null ? afterId : 0);
        }
        catch (IllegalArgumentException ex) {
            String problem = Objects.requireNonNull(ex.getMessage(), "a rejected query always says why");
            throw new InvalidEndpointRequestException(problem, problem, ex);
        }
    }

    /**
     * A page of letters.
     *
     * @param count how many letters match the filter in all pages
     * @param deadLetters the letters of this page
     * @param nextAfterId the {@code afterId} of the next page, {@code null} on the last page
     */
    public record Page(long count, List<Letter> deadLetters, @Nullable Long nextAfterId) {
    }

    /**
     * A letter as the endpoint shows it: the payload as text when it is UTF-8 (JSON, normally),
     * else in Base64.
     */
    public record Letter(long id, String group, String topic, @Nullable String key, @Nullable String messageId,
            @Nullable String type, Map<String, String> headers, String payload, String payloadEncoding,
            String errorClass, @Nullable String errorMessage, @Nullable String stackExcerpt, int attempts,
            Instant firstFailedAt, Instant lastFailedAt, Status status, @Nullable Instant resolvedAt) {

        static Letter of(DeadLetter letter) {
            String text = utf8(letter.payload());
            return new Letter(letter.id(), letter.group(), letter.topic(), letter.key(), letter.messageId(),
                    letter.type(), letter.headers(),
                    text != null ? text : Base64.getEncoder().encodeToString(letter.payload()),
                    text != null ? "utf-8" : "base64", letter.errorClass(), letter.errorMessage(),
                    letter.stackExcerpt(), letter.attempts(), letter.firstFailedAt(), letter.lastFailedAt(),
                    letter.status(), letter.resolvedAt());
        }

        private static @Nullable String utf8(byte[] payload) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
            }
            catch (CharacterCodingException ex) {
                // Not text: shown in Base64 instead, which loses nothing.
                return null;
            }
        }
    }
}
