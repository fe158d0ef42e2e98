package org.reliablemessaging.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the product as an application does: Spring Boot auto-configuration and properties. */
final class Apps {

    /** Properties from {@code --app.NAME=VALUE}, set in every application over the scenario's own. */
    private static final Map<String, String> OVERRIDES = new ConcurrentHashMap<>();

    private Apps() {
    }

    /** Takes the {@code app.}-prefixed values of the command line as overrides for every application. */
    static void overrideFrom(Map<String, String> values) {
        values.forEach((name, value) -> {
            if (name.startsWith("app.")) {
                OVERRIDES.put(name.substring("app.".length()), value);
            }
        });
        if (!OVERRIDES.isEmpty()) {
            System.out.println("Application properties set by --app.*: " + OVERRIDES);
        }
    }

    static Map<String, Object> postgresAndKafka(Postgres database) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", database.url());
        properties.put("spring.datasource.username", Postgres.USER);
        properties.put("spring.datasource.hikari.maximum-pool-size", "20");
        properties.put("spring.kafka.bootstrap-servers", KafkaBroker.bootstrap());
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.jmx.enabled", "false");
        return properties;
    }

    /** For the report's machine line: the overrides in effect, or nothing. */
    static String overridesNote() {
        return OVERRIDES.isEmpty() ? "" : " · application properties set by --app.*: " + new TreeMap<>(OVERRIDES);
    }

    static ConfigurableApplicationContext start(Class<?> application, Map<String, Object> properties) {
        Map<String, Object> effective = new LinkedHashMap<>(properties);
        effective.putAll(OVERRIDES);
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE).properties(effective)
            .logStartupInfo(false).registerShutdownHook(false).run();
    }
}
