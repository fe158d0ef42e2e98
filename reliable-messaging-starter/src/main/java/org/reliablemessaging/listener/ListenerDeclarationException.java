package org.reliablemessaging.listener;

import java.lang.reflect.Method;
import java.util.List;

/**
 * A {@code @ReliableListener} method declared in a way that cannot work; fails start-up.
 */
public final class ListenerDeclarationException extends IllegalStateException {

    ListenerDeclarationException(Method method, List<String> problems) {
        super("@ReliableListener " + ListenerEndpoint.describe(method) + " is misdeclared: " + String.join("; ", problems));
    }

    ListenerDeclarationException(String message) {
        super(message);
    }
}
