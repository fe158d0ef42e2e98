package org.reliablemessaging.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the product as an application does: Spring Boot auto-configuration and properties. */
final class Apps {

    private Apps() {
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

    static ConfigurableApplicationContext start(Class<?> application, Map<String, Object> properties) {
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE).properties(properties)
            .logStartupInfo(false).registerShutdownHook(false).run();
    }
}
