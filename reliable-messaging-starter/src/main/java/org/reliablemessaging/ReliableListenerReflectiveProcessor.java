package org.reliablemessaging;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;

/**
 * The reflection a {@link ReliableListener} method needs in a native image, registered at build time by Spring
 * AOT: invoking the method, and binding its payload type from JSON (a sealed interface's permitted classes too).
 */
public final class ReliableListenerReflectiveProcessor extends SimpleReflectiveProcessor {

    private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

    @Override
    protected void registerMethodHint(ReflectionHints hints, Method method) {
        super.registerMethodHint(hints, method);
        for (Class<?> parameter : method.getParameterTypes()) {
            if (parameter != MessageContext.class) {
                bindings.registerReflectionHints(hints, payloadTypes(parameter).toArray(Class<?>[]::new));
            }
        }
    }

    /** The type and, for a sealed interface, every class it permits, as the listener accepts any of them. */
    private static List<Class<?>> payloadTypes(Class<?> type) {
        List<Class<?>> types = new ArrayList<>(List.of(type));
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted != null) {
            for (Class<?> subclass : permitted) {
                types.addAll(payloadTypes(subclass));
            }
        }
        return types;
    }
}
