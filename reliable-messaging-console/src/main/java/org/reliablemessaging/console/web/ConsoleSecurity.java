package org.reliablemessaging.console.web;

import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.ConsoleException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is asking, and what they may do: from Spring Security's roles when it is present, else
 * everyone reads and nobody writes unless anonymous writes are allowed.
 */
public interface ConsoleSecurity {

    /** {@code spring-security} or {@code none}. */
    String mode();

    boolean canRead(HttpServletRequest request);

    boolean canOperate(HttpServletRequest request);

    /** The CSRF token's names and value for this request (loading it sets its cookie), {@code null} without CSRF. */
    @Nullable Map<String, String> csrf(HttpServletRequest request);

    /** The actor of a write: the authenticated user, or {@code anonymous} where anonymous writes are allowed. */
    default String writer(HttpServletRequest request, boolean allowAnonymousWrites) {
        Principal principal = request.getUserPrincipal();
        if (principal != null) {
            return principal.getName();
        }
        if (allowAnonymousWrites) {
            return "anonymous";
        }
        throw ConsoleException.forbidden("writes-disabled", "Writes need an authenticated user with the operate role: "
                + "add Spring Security, or set reliable-messaging.console.allow-anonymous-writes=true to allow them "
                + "without one (only behind a network you trust)");
    }

    /** Without Spring Security: reads are open, writes only when anonymous writes are allowed. */
    static ConsoleSecurity none(boolean allowAnonymousWrites) {
        return new ConsoleSecurity() {

            @Override
            public String mode() {
                return "none";
            }

            @Override
            public boolean canRead(HttpServletRequest request) {
                return true;
            }

            @Override
            public boolean canOperate(HttpServletRequest request) {
                return allowAnonymousWrites;
            }

            @Override
            public @Nullable Map<String, String> csrf(HttpServletRequest request) {
                return null;
            }
        };
    }
}
