package org.reliablemessaging.sample.order;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The order service: takes orders over REST and follows them through the inventory's replies. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderServiceApplication {

    /**
     * The name of the service's configuration files ({@code order-service.yml},
     * {@code order-service-<profile>.yml}): not {@code application}, so that the two services can share
     * a classpath.
     */
    public static final String CONFIG_NAME = "order-service";

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
        return new SpringApplicationBuilder(OrderServiceApplication.class)
            .main(OrderServiceApplication.class)
            .properties("spring.config.name=" + CONFIG_NAME, "spring.profiles.default=" + DEFAULT_PROFILE);
    }
}
