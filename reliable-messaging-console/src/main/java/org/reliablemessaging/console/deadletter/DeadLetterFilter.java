package org.reliablemessaging.console.deadletter;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.DeadLetter.Status;
import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.ConsoleException;
import org.reliablemessaging.console.Parameters;
import org.reliablemessaging.console.Where;

/**
 * Which dead letters a request is about (see docs/OPERATIONS-API.md, "The filter").
 *
 * @param status only letters with this status, {@code null} for any
 */
public record DeadLetterFilter(@Nullable String group, @Nullable String topic, @Nullable String type,
        @Nullable String key, @Nullable String errorClass, @Nullable String failureGroup, @Nullable Status status,
        @Nullable Instant firstFailedFrom, @Nullable Instant firstFailedTo, @Nullable Instant lastFailedFrom,
        @Nullable Instant lastFailedTo, @Nullable String text) {

    /** The filter's parameter names. */
    public static final Set<String> NAMES = Set.of("group", "topic", "type", "key", "errorClass", "failureGroup",
            "status", "firstFailedFrom", "firstFailedTo", "lastFailedFrom", "lastFailedTo", "text");

    /** The longest text searched for in error messages. */
    static final int MAX_TEXT = 200;

    /** The filter in {@code parameters}; status {@code DEAD} unless given, {@code ANY} for every status. */
    public static DeadLetterFilter of(Parameters parameters) {
        String status = parameters.string("status");
        Status chosen;
        if (status == null) {
            chosen = Status.DEAD;
        }
        else if (status.equals("ANY")) {
            chosen = null;
        }
        else {
            chosen = parameters.choice("status", Status.class);
        }
        DeadLetterFilter filter = new DeadLetterFilter(parameters.string("group"), parameters.string("topic"),
                parameters.string("type"), parameters.string("key"), parameters.string("errorClass"),
                parameters.string("failureGroup"), chosen, parameters.instant("firstFailedFrom"),
                parameters.instant("firstFailedTo"), parameters.instant("lastFailedFrom"),
                parameters.instant("lastFailedTo"), parameters.string("text", MAX_TEXT));
        Parameters.checkRange("firstFailedFrom", filter.firstFailedFrom, "firstFailedTo", filter.firstFailedTo);
        Parameters.checkRange("lastFailedFrom", filter.lastFailedFrom, "lastFailedTo", filter.lastFailedTo);
        return filter;
    }

    /** This filter, which an action applies to: it may only ask for dead letters. */
    public DeadLetterFilter forAction() {
        if (status != Status.DEAD) {
            throw ConsoleException.invalidFilter("Only dead letters can be replayed or skipped: leave \"status\" out "
                    + "or set it to DEAD, not " + (status == null ? "ANY" : status));
        }
        return this;
    }

    /** The WHERE clause of this filter on the dead letter table. */
    public Where where(ConsoleDatabase db) {
        Where where = Where.all().equal("status", status == null ? null : status.name())
            .equal("group_name", group)
            .equal("topic", topic)
            .equal("type", type)
            .equal("msg_key", key)
            .equal("error_class", errorClass)
            .equal("failure_group", failureGroup)
            .contains("error_message", text);
        where = firstFailedFrom == null ? where : where.and("first_failed_at >= ?", db.value(firstFailedFrom));
        where = firstFailedTo == null ? where : where.and("first_failed_at < ?", db.value(firstFailedTo));
        where = lastFailedFrom == null ? where : where.and("last_failed_at >= ?", db.value(lastFailedFrom));
        return lastFailedTo == null ? where : where.and("last_failed_at < ?", db.value(lastFailedTo));
    }
}
