package org.reliablemessaging.sample.inventory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The inventory service: keeps the stock of each SKU and reserves it for orders. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InventoryServiceApplication {

    /**
     * The name of the service's configuration files ({@code inventory-service.yml},
     * {@code inventory-service-<profile>.yml}): not {@code application}, so that the two services can
     * share a classpath.
     */
    public static final String CONFIG_NAME = "inventory-service";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The profile that runs when none is chosen: H2 files and the file broker, nothing to install. */
    public static final String DEFAULT_PROFILE = "standalone";

    /**
     * The service, reading its own configuration files, in the {@value #DEFAULT_PROFILE} profile unless
     * another is active ({@code --spring.profiles.active=kafka}, {@code SPRING_PROFILES_ACTIVE=rabbit}).
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(InventoryServiceApplication.class)
            .main(InventoryServiceApplication.class)
            .properties("spring.config.name=" + CONFIG_NAME, "spring.profiles.default=" + DEFAULT_PROFILE);
    }
}
