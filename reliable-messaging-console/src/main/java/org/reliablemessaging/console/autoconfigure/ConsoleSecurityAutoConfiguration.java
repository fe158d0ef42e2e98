package org.reliablemessaging.console.autoconfigure;

import org.reliablemessaging.console.web.ConsoleSecurity;
import org.reliablemessaging.console.web.SecurityProblems;
import org.reliablemessaging.console.web.SpringConsoleSecurity;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's own filter chain with Spring Security, for its paths only and ahead of the
 * application's: HTTP Basic against the application's users, reads for the read or operate role,
 * writes for the operate role with a CSRF token from a cookie the console's page can read.
 *
 * <p>Ordered after Boot's web security, so that an application relying on Boot's default chain keeps
 * it for its other paths.
 */
@AutoConfiguration(before = ConsoleAutoConfiguration.class,
        afterName = { "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("reliable-messaging.console.enabled")
@EnableConfigurationProperties(ConsoleProperties.class)
public final class ConsoleSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ConsoleSecurity.class)
    SpringConsoleSecurity reliableMessagingConsoleSecurity(ConsoleProperties properties) {
        return new SpringConsoleSecurity(properties.getSecurity().getReadRole(),
                properties.getSecurity().getOperateRole());
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    @ConditionalOnBean(HttpSecurity.class)
    @ConditionalOnMissingBean(name = "reliableMessagingConsoleSecurityFilterChain")
    SecurityFilterChain reliableMessagingConsoleSecurityFilterChain(HttpSecurity http, ConsoleProperties properties) {
        String base = properties.getPath();
        String read = properties.getSecurity().getReadRole();
        String operate = properties.getSecurity().getOperateRole();
        SecurityProblems problems = new SecurityProblems("Reliable Messaging console");
        return http.securityMatcher(base, base + "/**")
            .authorizeHttpRequests(requests -> requests
                .requestMatchers(HttpMethod.GET, base, base + "/**").hasAnyRole(read, operate)
                .anyRequest().hasRole(operate))
            .httpBasic(basic -> basic.authenticationEntryPoint(problems))
            .csrf(csrf -> csrf.spa())
            .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
            .build();
    }
}
