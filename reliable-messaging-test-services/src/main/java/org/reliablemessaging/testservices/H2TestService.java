package org.reliablemessaging.testservices;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * H2 for Spring tests: a {@link JdbcConnectionDetails} bean for a fresh in-memory database per application context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class H2TestService {

    @Bean
    JdbcConnectionDetails h2ConnectionDetails() {
        return TestDatabases.h2().connectionDetails();
    }
}
