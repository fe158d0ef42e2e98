package org.reliablemessaging.testservices;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresTestServiceTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withUserConfiguration(PostgresTestService.class);

    @Test
    void eachContextGetsItsOwnSchema() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            contextRunner.run(context -> {
                assertThat(context).hasSingleBean(JdbcConnectionDetails.class);
                urls.add(context.getBean(JdbcConnectionDetails.class).getJdbcUrl());
            });
        }
        assertThat(urls).allSatisfy(url -> assertThat(url).matches("jdbc:postgresql://.*\\?currentSchema=rm_t_[a-z0-9]{8}"))
                .doesNotHaveDuplicates();
    }
}
