package org.reliablemessaging.sample.inventory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Open business endpoints and Actuator reads (the operations console at /messaging has a chain of its
 * own, for the users below); Actuator writes (replaying or skipping dead letters,
 * re-arming the Redis guard) only with HTTP basic as {@code spring.security.user.*}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * The user of {@code spring.security.user.*}, who may also operate the console at /messaging, and
     * "viewer", with the same password, who may only read it.
     */
    @Bean
    InMemoryUserDetailsManager users(SecurityProperties security) {
        SecurityProperties.User admin = security.getUser();
        if (admin.isPasswordGenerated()) {
            log.warn("No spring.security.user.password: users {} and viewer have the generated password {}",
                    admin.getName(), admin.getPassword());
        }
        String password = "{noop}" + admin.getPassword();
        return new InMemoryUserDetailsManager(
                User.withUsername(admin.getName()).password(password).roles("MESSAGING_READ", "MESSAGING_OPERATE").build(),
                User.withUsername("viewer").password(password).roles("MESSAGING_READ").build());
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) {
        return http
            .authorizeHttpRequests(requests -> requests
                // Reads change no data, and only health, info, metrics, deadletters and redisguard are exposed.
                .requestMatchers(HttpMethod.GET, "/**").permitAll()
                .requestMatchers(EndpointRequest.toAnyEndpoint()).authenticated()
                .anyRequest().permitAll())
            .httpBasic(Customizer.withDefaults())
            // A stateless JSON API called by programs, not by a browser holding a session: nothing for CSRF to forge.
            .csrf(AbstractHttpConfigurer::disable)
            .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .build();
    }
}
