package org.reliablemessaging.console.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@link ConsoleSecurity} with Spring Security: the configured read and operate roles, and the CSRF
 * token of Spring Security's cookie repository.
 */
public final class SpringConsoleSecurity implements ConsoleSecurity {

    private final String readRole;

    private final String operateRole;

    public SpringConsoleSecurity(String readRole, String operateRole) {
        this.readRole = readRole;
        this.operateRole = operateRole;
    }

    @Override
    public String mode() {
        return "spring-security";
    }

    @Override
    public boolean canRead(HttpServletRequest request) {
        return request.isUserInRole(readRole) || canOperate(request);
    }

    @Override
    public boolean canOperate(HttpServletRequest request) {
        return request.isUserInRole(operateRole);
    }

    @Override
    public @Nullable Map<String, String> csrf(HttpServletRequest request) {
        if (!(request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token)) {
            return null;
        }
        return Map.of("headerName", token.getHeaderName(), "parameterName", token.getParameterName(), "token",
                token.getToken(), "cookieName", "XSRF-TOKEN");
    }
}
