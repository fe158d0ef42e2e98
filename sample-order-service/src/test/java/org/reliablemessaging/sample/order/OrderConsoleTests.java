package org.reliablemessaging.sample.order;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.console.metrics.ConsoleGauges;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations console of the running service: behind its basic authentication, for an operator and
 * a read-only viewer; and its Prometheus scrape names every metric that the shipped Grafana dashboard
 * and alert rules use.
 */
class OrderConsoleTests extends OrderServiceTests {

    private static final Pattern METRIC = Pattern.compile("reliable_messaging_[a-z_]+");

    @Autowired
    DeadLetterHandler deadLetters;

    @Autowired
    ConsoleGauges gauges;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OutboxTables tables;

    @Test
    void theAdminOperatesTheViewerOnlyReadsAndStrangersNeither() {
        http.get().uri("/messaging/api/me").headers(h -> h.setBasicAuth("admin", ADMIN_PASSWORD)).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.canOperate").isEqualTo(true);
        http.get().uri("/messaging/api/me").headers(h -> h.setBasicAuth("viewer", ADMIN_PASSWORD)).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.canOperate").isEqualTo(false);
        http.get().uri("/messaging/api/dead-letters").exchange().expectStatus().isUnauthorized();
        http.post().uri("/messaging/api/dead-letters/replay").headers(h -> h.setBasicAuth("viewer", ADMIN_PASSWORD))
            .contentType(MediaType.APPLICATION_JSON).body(Map.of("filter", Map.of())).exchange()
            .expectStatus().isForbidden();
    }

    /** As a script or the console's page does: the token of GET /api/csrf (or of its cookie) in the header. */
    @Test
    void aWriteCarriesTheCsrfTokenOfItsCookieInTheHeader() {
        var csrf = http.get().uri("/messaging/api/csrf").headers(h -> h.setBasicAuth("admin", ADMIN_PASSWORD))
            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult();
        String token = (String) csrf.getResponseBody().get("token");
        String cookie = csrf.getResponseHeaders().get("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
            .findFirst().orElseThrow().split(";")[0];

        assertThat(cookie).isEqualTo("XSRF-TOKEN=" + token);
        http.post().uri("/messaging/api/dead-letters/replay").headers(h -> {
            h.setBasicAuth("admin", ADMIN_PASSWORD);
            h.add("Cookie", cookie);
            h.add("X-XSRF-TOKEN", token);
        }).contentType(MediaType.APPLICATION_JSON).body(Map.of("ids", List.of(1))).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.action").isEqualTo("DEAD_LETTER_REPLAY");
        http.post().uri("/messaging/api/dead-letters/replay").headers(h -> {
            h.setBasicAuth("admin", ADMIN_PASSWORD);
            h.add("Cookie", cookie);
        }).contentType(MediaType.APPLICATION_JSON).body(Map.of("ids", List.of(1))).exchange()
            .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("csrf");
    }

    @Test
    void thePrometheusScrapeHasEveryMetricTheDashboardAndTheAlertRulesName() throws IOException {
        InboundMessage message = new InboundMessage(properties.stockTopic(), "sku-x", Map.of(), new byte[0], "p-0", 0,
                Instant.now());
        deadLetters.deadLetter(new FailedMessage(properties.group(), message, new IllegalStateException("x"), 1, null,
                null));
        jdbc.update("INSERT INTO " + tables.heldKey() + " (group_name, topic, msg_key, instance_id, attempts, since, "
                + "next_attempt_at, expires_at) VALUES (?, ?, 'sku-x', 'test', 1, CURRENT_TIMESTAMP, "
                + "CURRENT_TIMESTAMP, DATEADD('HOUR', 1, CURRENT_TIMESTAMP))", properties.group(), properties.stockTopic());
        // The outbox gauges have a series per topic with something pending or dead: a message the relay gave up on.
        jdbc.update("INSERT INTO " + tables.outbox() + " (message_id, topic, key_hash, seq, type, payload, created_at, "
                + "status, attempts, last_error, dead_at) VALUES (?, 'console-test', 0, 0, 'test', X'7B7D', "
                + "CURRENT_TIMESTAMP, 'DEAD', 20, 'unroutable', CURRENT_TIMESTAMP)", UUID.randomUUID().toString());
        gauges.refresh();

        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();

        Set<String> named = new TreeSet<>();
        named.addAll(metrics(Files.readString(Path.of("../docs/grafana/reliable-messaging.json"))));
        named.addAll(metrics(Files.readString(Path.of("../docs/prometheus/alerts.yml"))));
        assertThat(named).contains("reliable_messaging_dead_letters", "reliable_messaging_listener_held_keys",
                "reliable_messaging_outbox_pending");
        Set<String> scraped = metrics(scrape);
        assertThat(scraped).containsAll(named);
    }

    private static Set<String> metrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
