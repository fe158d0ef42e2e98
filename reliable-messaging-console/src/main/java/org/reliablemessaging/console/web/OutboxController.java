package org.reliablemessaging.console.web;

import java.util.List;
import java.util.Map;

import org.reliablemessaging.console.ActionResult;
import org.reliablemessaging.console.Page;
import org.reliablemessaging.console.Parameters;
import org.reliablemessaging.console.outbox.DeadRow;
import org.reliablemessaging.console.outbox.OutboxActions;
import org.reliablemessaging.console.outbox.OutboxReads;
import org.reliablemessaging.console.outbox.RangeReplay;
import org.reliablemessaging.console.outbox.Relays;
import org.reliablemessaging.console.outbox.TopicState;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/** The outbox: per-topic state, relays, DEAD rows and their requeue or skip, replay of a time range. */
@RestController
@RequestMapping("${reliable-messaging.console.path:/messaging}/api/outbox")
public class OutboxController {

    private final OutboxReads reads;

    private final OutboxActions actions;

    private final RangeReplay replay;

    private final ConsoleSecurity security;

    private final ConsoleSettings settings;

    public OutboxController(OutboxReads reads, OutboxActions actions, RangeReplay replay, ConsoleSecurity security,
            ConsoleSettings settings) {
        this.reads = reads;
        this.actions = actions;
        this.replay = replay;
        this.security = security;
        this.settings = settings;
    }

    @GetMapping("/topics")
    public Map<String, Object> topics() {
        List<TopicState> topics = reads.topics();
        return Map.of("items", topics, "at", reads.now());
    }

    @GetMapping("/relays")
    public Relays relays() {
        return reads.relays();
    }

    @GetMapping("/dead")
    public Page<DeadRow> dead(@RequestParam MultiValueMap<String, String> query) {
        Parameters parameters = Parameters.of(query, Parameters.withPaging(OutboxReads.DEAD_FILTER));
        return reads.dead(parameters, parameters.page(settings.limits()));
    }

    @GetMapping("/dead/{id}")
    public DeadRow deadRow(@PathVariable long id) {
        return reads.dead(id);
    }

    @PostMapping("/dead/requeue")
    public ActionResult requeue(@RequestBody SelectionBody body, HttpServletRequest request) {
        String actor = writer(request);
        return actions.requeue(body.selection(settings.limits()), actor, body.reason());
    }

    @PostMapping("/dead/skip")
    public ActionResult skip(@RequestBody SelectionBody body, HttpServletRequest request) {
        String actor = writer(request);
        return actions.skip(body.selection(settings.limits()), actor, body.reason());
    }

    @PostMapping("/replay")
    public RangeReplay.Result replay(@RequestBody RangeReplay.Request body, HttpServletRequest request) {
        // A dry run changes nothing, but it answers what an operator is about to do: the same rights.
        String actor = writer(request);
        return replay.replay(body, actor);
    }

    private String writer(HttpServletRequest request) {
        return security.writer(request, settings.allowAnonymousWrites());
    }
}
