package org.reliablemessaging.testservices;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * MariaDB for Spring tests: a {@link JdbcConnectionDetails} bean for a fresh database per application
 * context (see {@link PostgresTestService} for why no {@code @ServiceConnection} is used).
 */
@TestConfiguration(proxyBeanMethods = false)
public class MariaDbTestService {

    @Bean
    JdbcConnectionDetails mariaDbConnectionDetails() {
        return TestDatabases.mariadb().connectionDetails();
    }
}
