package org.reliablemessaging.testservices;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * PostgreSQL for Spring tests: a {@link JdbcConnectionDetails} bean for a fresh schema per application context.
 *
 * <p>All six {@code *TestService} configurations build their connection details from the static
 * classes ({@link TestDatabases}, {@link TestBrokers}) in both modes, and no {@code @ServiceConnection}
 * container bean is declared, for two reasons. Boot's service connection points every context at the
 * container's default database, while each context here gets a schema of its own. And Boot closes
 * every container bean when its context closes (even with {@code destroyMethod = ""}), which would stop
 * the JVM-wide container under every other context and test still using it. One code path also keeps
 * {@code ApplicationContextRunner} tests free of {@code ServiceConnectionAutoConfiguration}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestService {

    @Bean
    JdbcConnectionDetails postgresConnectionDetails() {
        return TestDatabases.postgres().connectionDetails();
    }
}
