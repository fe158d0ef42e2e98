package org.reliablemessaging.sample.inventory;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Open business endpoints and Actuator reads; Actuator writes (replaying or skipping dead letters,
 * re-arming the Redis guard) only with HTTP basic as {@code spring.security.user.*}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

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
