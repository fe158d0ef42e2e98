package org.reliablemessaging.relay.sidecar;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.reliablemessaging.relay.autoconfigure.RelayProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Starts relay sidecars as {@code java -jar} would, configured only through environment variables:
 * the test's map stands in for the process environment, so the names are the ones Docker passes.
 */
final class Sidecars {

    private Sidecars() {
    }

    /** A sidecar with {@code environment} as its whole process environment, Actuator on a free port. */
    static ConfigurableApplicationContext start(Map<String, String> environment) {
        Map<String, Object> variables = new HashMap<>(environment);
        variables.putIfAbsent("SERVER_PORT", "0");
        variables.putIfAbsent("SPRING_MAIN_BANNER_MODE", "off");
        StandardEnvironment processEnvironment = new StandardEnvironment();
        processEnvironment.getPropertySources()
            .replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return RelaySidecarApplication.application().environment(processEnvironment).run();
    }

    /** GET on the sidecar's own web server: status and body. */
    static HttpResponse<String> get(ConfigurableApplicationContext sidecar, String path)
            throws IOException, InterruptedException {
        String port = sidecar.getEnvironment().getRequiredProperty("local.server.port");
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Shards each live relay instance holds a lease on, by instance. */
    static Map<String, Integer> leasedShards(ConfigurableApplicationContext sidecar) {
        Map<String, Integer> byOwner = new HashMap<>();
        new JdbcTemplate(sidecar.getBean(DataSource.class))
            .query("SELECT owner, COUNT(*) AS shards FROM rm_relay_lease WHERE owner IS NOT NULL"
                    + " AND expires_at > CURRENT_TIMESTAMP GROUP BY owner",
                    row -> {
                        byOwner.put(row.getString("owner"), row.getInt("shards"));
                    });
        return byOwner;
    }

    static int shards(ConfigurableApplicationContext sidecar) {
        return sidecar.getBean(RelayProperties.class).getShards();
    }
}
