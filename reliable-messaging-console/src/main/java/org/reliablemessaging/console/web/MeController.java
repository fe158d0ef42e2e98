package org.reliablemessaging.console.web;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.reliablemessaging.console.ConsoleException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/** Who is asking and what they may do; the CSRF token for scripts. */
@RestController
@RequestMapping("${reliable-messaging.console.path:/messaging}/api")
public class MeController {

    private final ConsoleSecurity security;

    private final ConsoleSettings settings;

    public MeController(ConsoleSecurity security, ConsoleSettings settings) {
        this.security = security;
        this.settings = settings;
    }

    @GetMapping("/me")
    public Map<String, Object> me(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        Map<String, String> csrf = security.csrf(request);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("name", principal != null ? principal.getName() : "anonymous");
        me.put("canRead", security.canRead(request));
        me.put("canOperate", security.canOperate(request));
        me.put("editEnabled", settings.editEnabled());
        me.put("security", security.mode());
        me.put("csrf", csrf == null ? null : Map.of("headerName", csrf.get("headerName"), "cookieName",
                csrf.get("cookieName")));
        return me;
    }

    @GetMapping("/csrf")
    public Map<String, String> csrf(HttpServletRequest request) {
        Map<String, String> csrf = security.csrf(request);
        if (csrf == null) {
            throw ConsoleException.notFound("No CSRF token: Spring Security is not present");
        }
        return Map.of("headerName", csrf.get("headerName"), "parameterName", csrf.get("parameterName"), "token",
                csrf.get("token"));
    }
}
