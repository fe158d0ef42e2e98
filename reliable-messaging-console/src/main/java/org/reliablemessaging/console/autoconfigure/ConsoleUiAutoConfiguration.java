package org.reliablemessaging.console.autoconfigure;

import org.reliablemessaging.console.web.ConsoleUi;
import org.reliablemessaging.console.web.ConsoleUiRuntimeHints;
import org.reliablemessaging.console.web.MeController;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * The web console at {@code reliable-messaging.console.path}, served wherever the operations API is
 * (it uses nothing else).
 */
@AutoConfiguration(after = ConsoleAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("reliable-messaging.console.enabled")
@ConditionalOnBean(MeController.class)
@EnableConfigurationProperties(ConsoleProperties.class)
@ImportRuntimeHints(ConsoleUiRuntimeHints.class)
public final class ConsoleUiAutoConfiguration {

    @Bean
    ConsoleUi reliableMessagingConsoleUi(ConsoleProperties properties) {
        return new ConsoleUi(properties.getPath());
    }
}
