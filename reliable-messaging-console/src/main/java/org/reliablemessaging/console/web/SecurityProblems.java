package org.reliablemessaging.console.web;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Spring Security's refusals on the console's paths, as problems: 401 asking for Basic, 403 saying why. */
public final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final String realm;

    public SecurityProblems(String realm) {
        this.realm = realm;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
        ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                "Sign in: the operations console needs a user with the read or operate role");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        if (ex instanceof CsrfException) {
            ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, "csrf", "Missing or wrong CSRF token: "
                    + "send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header (GET /api/csrf gives both)");
            return;
        }
        ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, "forbidden", request.getMethod().equals("GET")
                ? "Reading needs the read or operate role" : "Actions need the operate role");
    }
}
