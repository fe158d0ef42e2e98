package org.reliablemessaging.console.web;

import org.reliablemessaging.console.Page;
import org.reliablemessaging.console.Parameters;
import org.reliablemessaging.console.audit.AuditEntry;
import org.reliablemessaging.console.audit.AuditLog;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit of every action taken through the operations API. */
@RestController
@RequestMapping("${reliable-messaging.console.path:/messaging}/api/audit")
public class AuditController {

    private final AuditLog audit;

    private final ConsoleSettings settings;

    public AuditController(AuditLog audit, ConsoleSettings settings) {
        this.audit = audit;
        this.settings = settings;
    }

    @GetMapping
    public Page<AuditEntry> list(@RequestParam MultiValueMap<String, String> query) {
        Parameters parameters = Parameters.of(query, Parameters.withPaging(AuditLog.FILTER));
        return audit.list(parameters, parameters.page(settings.limits()));
    }
}
