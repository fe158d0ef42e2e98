package org.reliablemessaging.console.web;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.ActionResult;
import org.reliablemessaging.console.Page;
import org.reliablemessaging.console.Parameters;
import org.reliablemessaging.console.listener.HeldKey;
import org.reliablemessaging.console.listener.HeldKeyOperations;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/** Keys listeners hold back while they retry, on every instance; dead-lettering one now. */
@RestController
@RequestMapping("${reliable-messaging.console.path:/messaging}/api/listeners/held-keys")
public class ListenerController {

    private final HeldKeyOperations heldKeys;

    private final ConsoleSecurity security;

    private final ConsoleSettings settings;

    public ListenerController(HeldKeyOperations heldKeys, ConsoleSecurity security, ConsoleSettings settings) {
        this.heldKeys = heldKeys;
        this.security = security;
        this.settings = settings;
    }

    @GetMapping
    public Page<HeldKey> list(@RequestParam MultiValueMap<String, String> query) {
        Parameters parameters = Parameters.of(query, Parameters.withPaging(HeldKeyOperations.FILTER));
        return heldKeys.list(parameters, parameters.page(settings.limits()));
    }

    /**
     * The key to dead-letter, and why.
     */
    public record DeadLetterBody(@Nullable String group, @Nullable String topic, @Nullable String key,
            @Nullable String reason) {
    }

    @PostMapping("/dead-letter")
    public ActionResult deadLetter(@RequestBody DeadLetterBody body, HttpServletRequest request) {
        String actor = security.writer(request, settings.allowAnonymousWrites());
        return heldKeys.deadLetter(body.group(), body.topic(), body.key(), actor, body.reason());
    }
}
