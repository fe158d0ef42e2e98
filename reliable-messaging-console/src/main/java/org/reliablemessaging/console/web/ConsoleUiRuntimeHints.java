package org.reliablemessaging.console.web;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/** The console's page, scripts and styles, served from the class path, kept in a native image. */
public final class ConsoleUiRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern("reliable-messaging-console/ui/**");
    }
}
