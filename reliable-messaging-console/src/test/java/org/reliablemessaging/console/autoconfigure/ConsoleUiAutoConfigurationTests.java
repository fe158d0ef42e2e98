package org.reliablemessaging.console.autoconfigure;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.console.PageLimits;
import org.reliablemessaging.console.web.ConsoleSecurity;
import org.reliablemessaging.console.web.ConsoleSettings;
import org.reliablemessaging.console.web.ConsoleUi;
import org.reliablemessaging.console.web.MeController;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The web console is served where, and only where, the operations API is. */
class ConsoleUiAutoConfigurationTests {

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ConsoleUiAutoConfiguration.class))
        .withPropertyValues("reliable-messaging.console.enabled=true");

    final WebApplicationContextRunner withApi = runner.withBean(MeController.class,
            () -> new MeController(ConsoleSecurity.none(false), new ConsoleSettings(new PageLimits(50, 500), false, false)));

    @Test
    void servedWithTheApi() {
        withApi.run(context -> assertThat(context).hasSingleBean(ConsoleUi.class));
    }

    @Test
    void notServedWithoutTheApi() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ConsoleUi.class));
    }

    @Test
    void notServedUnlessEnabled() {
        withApi.withPropertyValues("reliable-messaging.console.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(ConsoleUi.class));
    }
}
