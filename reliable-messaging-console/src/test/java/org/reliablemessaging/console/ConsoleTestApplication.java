package org.reliablemessaging.console;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** An application with the console and three users: an operator, a reader, and one with neither role. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ConsoleTestApplication {

    public static final String PASSWORD = "secret";

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}" + PASSWORD).roles("MESSAGING_OPERATE").build(),
                User.withUsername("reader").password("{noop}" + PASSWORD).roles("MESSAGING_READ").build(),
                User.withUsername("nobody").password("{noop}" + PASSWORD).roles("OTHER").build());
    }
}
