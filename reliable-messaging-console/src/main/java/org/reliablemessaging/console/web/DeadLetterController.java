package org.reliablemessaging.console.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.ActionResult;
import org.reliablemessaging.console.ConsoleException;
import org.reliablemessaging.console.Page;
import org.reliablemessaging.console.PageLimits;
import org.reliablemessaging.console.Parameters;
import org.reliablemessaging.console.PayloadMode;
import org.reliablemessaging.console.Selection;
import org.reliablemessaging.console.deadletter.DeadLetterActions;
import org.reliablemessaging.console.deadletter.DeadLetterActions.Letters;
import org.reliablemessaging.console.deadletter.DeadLetterDetail;
import org.reliablemessaging.console.deadletter.DeadLetterFilter;
import org.reliablemessaging.console.deadletter.DeadLetterReads;
import org.reliablemessaging.console.deadletter.DeadLetterReads.FailureGroups;
import org.reliablemessaging.console.deadletter.DeadLetterSummary;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Dead letters: lists, failure groups, one letter, replay, skip, edit and replay. */
@RestController
@RequestMapping("${reliable-messaging.console.path:/messaging}/api/dead-letters")
public class DeadLetterController {

    private static final JsonMapper JSON = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private final DeadLetterReads reads;

    private final DeadLetterActions actions;

    private final ConsoleSecurity security;

    private final ConsoleSettings settings;

    public DeadLetterController(DeadLetterReads reads, DeadLetterActions actions, ConsoleSecurity security,
            ConsoleSettings settings) {
        this.reads = reads;
        this.actions = actions;
        this.security = security;
        this.settings = settings;
    }

    @GetMapping
    public Page<DeadLetterSummary> list(@RequestParam MultiValueMap<String, String> query) {
        Parameters parameters = Parameters.of(query, Parameters.withPaging(DeadLetterFilter.NAMES));
        return reads.list(DeadLetterFilter.of(parameters), parameters.page(limits()));
    }

    @GetMapping("/failure-groups")
    public FailureGroups failureGroups(@RequestParam MultiValueMap<String, String> query) {
        Parameters parameters = Parameters.of(query, Parameters.withPaging(DeadLetterFilter.NAMES));
        if (parameters.string("failureGroup") != null) {
            throw ConsoleException.invalidFilter("Failure groups cannot be filtered by failureGroup");
        }
        return reads.failureGroups(DeadLetterFilter.of(parameters), limits().check(parameters.number("limit")));
    }

    @GetMapping("/{id}")
    public DeadLetterDetail letter(@PathVariable long id) {
        return reads.detail(id);
    }

    @PostMapping("/replay")
    public ActionResult replay(@RequestBody SelectionBody body, HttpServletRequest request) {
        String actor = writer(request);
        return actions.replay(letters(body.selection(limits())), actor, body.reason());
    }

    @PostMapping("/skip")
    public ActionResult skip(@RequestBody SelectionBody body, HttpServletRequest request) {
        String actor = writer(request);
        return actions.skip(letters(body.selection(limits())), actor, body.reason());
    }

    /**
     * The edit body.
     *
     * @param payload the new payload, as JSON text
     * @param reason why
     */
    public record EditBody(@Nullable String payload, @Nullable String reason) {
    }

    @PostMapping("/{id}/edit-replay")
    public ActionResult editAndReplay(@PathVariable long id, @RequestBody EditBody body, HttpServletRequest request) {
        String actor = writer(request);
        if (!settings.editEnabled()) {
            throw ConsoleException.forbidden("edit-disabled", "Edit and replay is off: set "
                    + "reliable-messaging.console.edit.enabled=true to allow it");
        }
        String topic = reads.topicOf(id);
        if (reads.payloadMode(topic) != PayloadMode.FULL) {
            throw ConsoleException.forbidden("edit-disabled", "Payloads of topic '" + topic + "' are not shown in full "
                    + "(reliable-messaging.console.payload), so they cannot be edited");
        }
        if (body.payload() == null) {
            throw new ConsoleException(HttpStatus.BAD_REQUEST, "invalid-payload", "\"payload\" is required: the new "
                    + "payload as JSON text");
        }
        try {
            JSON.readTree(body.payload());
        }
        catch (JacksonException ex) {
            throw new ConsoleException(HttpStatus.BAD_REQUEST, "invalid-payload", "The edited payload is not valid "
                    + "JSON: " + ex.getOriginalMessage());
        }
        return actions.editAndReplay(id, body.payload().getBytes(StandardCharsets.UTF_8), body.payload(), actor,
                body.reason());
    }

    private Letters letters(Selection selection) {
        List<Long> ids = selection.ids();
        if (ids != null) {
            return actions.letters(ids);
        }
        Map<String, Object> filter = Objects.requireNonNull(selection.filter(), "a selection without ids has a filter");
        return actions.letters(DeadLetterFilter.of(Parameters.of(filter, DeadLetterFilter.NAMES)), filter);
    }

    private String writer(HttpServletRequest request) {
        return security.writer(request, settings.allowAnonymousWrites());
    }

    private PageLimits limits() {
        return settings.limits();
    }
}
