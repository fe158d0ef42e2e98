package org.reliablemessaging.console.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.reliablemessaging.Message;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.console.web.ConsoleUi;
import org.reliablemessaging.console.browser.ShopApplication.Inventory;
import org.reliablemessaging.console.browser.ShopApplication.OrderPlaced;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium, on an application with PostgreSQL, the file broker and
 * failing listeners: an operator finds a failure group and replays it, sees the letters leave and the
 * audit entry appear, and works the outbox and a held key; a reader sees no write controls and a
 * refused request. Saves screenshots of the main screens (see {@link Chromium#SCREENSHOTS}).
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "reliable-messaging.console.enabled=true", "reliable-messaging.transport=file",
                "reliable-messaging.file.max-record-size=64KB", "reliable-messaging.relay.retention=7d",
                "reliable-messaging.listener.concurrency=4", "reliable-messaging.console.edit.enabled=true" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTests {

    static final TestDatabase DATABASE = TestDatabases.postgres();

    /** The schema and the broker's log are this test's own, so the topic needs no unique name. */
    static final String TOPIC = "orders";

    /** Half an hour off UTC all year, so a time shown in UTC could not pass for local. */
    static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    /** The file broker's log, under the build folder: @TempDir comes too late for the context. */
    static final Path BROKER_DIRECTORY = Path.of("target", TestNames.unique("browser-test-broker"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("reliable-messaging.file.directory", BROKER_DIRECTORY::toString);
        registry.add("shop.topic", () -> TOPIC);
    }

    @LocalServerPort
    int port;

    @Autowired
    ReliablePublisher publisher;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Inventory inventory;

    @BeforeAll
    void ordersFailInTwoWays() {
        for (int i = 1; i <= 3; i++) {
            order(new OrderPlaced("o-ghost-" + i, "ghost-" + (40 + i), 1, "w-1"));
        }
        for (int i = 1; i <= 2; i++) {
            order(new OrderPlaced("o-ledger-" + i, "sku-" + i, 2, "w-3"));
        }
        order(new OrderPlaced("stuck-1", "sku-7", 1, "w-1"));
        // Pending for an hour, and one too large for the broker: the relay gives up on it (DEAD).
        transactions.executeWithoutResult(status -> publisher.publish(Message.to(TOPIC).key("o-later")
            .payload(new OrderPlaced("o-later", "sku-8", 1, "w-1")).delay(Duration.ofHours(1))));
        order(new OrderPlaced("o-bulk", "x".repeat(100_000), 1, "w-1"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(deadLetters("inventory")).isEqualTo(5);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_held_key WHERE group_name = 'billing'", Long.class)).isOne();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM rm_outbox WHERE status = 'DEAD'", Long.class)).isOne();
        });
    }

    @Test
    @Order(0)
    void theConsoleIsServedFromTheJarUnderItsOwnPolicyAndRevalidated() throws Exception {
        HttpResponse<String> bare = http("/messaging", "reed", Map.of());
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/messaging/"));

        HttpResponse<String> page = http("/messaging/", "reed", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"assets/js/app.js\">");
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(ConsoleUi.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(http("/messaging/", "reed", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);

        HttpResponse<String> script = http("/messaging/assets/js/app.js", "reed", Map.of());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(script.headers().firstValue("Content-Security-Policy")).contains(ConsoleUi.CONTENT_SECURITY_POLICY);

        assertThat(http("/messaging/", null, Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> unknownApi = http("/messaging/api/index.html", "reed", Map.of());
        assertThat(unknownApi.statusCode()).isEqualTo(404);
        assertThat(unknownApi.body()).doesNotContain("<script");
    }

    @Test
    @Order(1)
    void aReaderSeesNoWriteControlsAndARefusedRequestShowsTheProblem() throws Exception {
        try (Chromium browser = new Chromium("reed", ShopApplication.PASSWORD, ZONE.getId())) {
            browser.driver.get(console());
            waitForGroups(browser, 2);
            assertThat(browser.driver.findElement(By.id("whoami")).getText()).contains("reed", "read only");
            assertThat(browser.driver.findElements(By.cssSelector("main input[type=checkbox]"))).isEmpty();
            assertThat(buttons(browser)).containsOnly("Show", "Count all matching", "Apply", "Clear", "‹ Newer", "Older ›");

            for (String screen : List.of("outbox", "outbox/dead", "outbox/replay", "held-keys", "audit")) {
                browser.driver.get(console() + "#/" + screen);
                browser.wait.until(d -> !d.findElement(By.id("main")).getText().contains("Loading…"));
                assertThat(buttons(browser)).as(screen).isSubsetOf("Refresh", "Apply", "Clear", "‹ Newer", "Older ›");
            }

            browser.driver.get(console());
            browser.wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("table a[href^='#/dead-letters/']"))).click();
            browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h2[text()='Payload']")));
            assertThat(buttons(browser)).isEmpty();

            // What a stale page or a hand-made request would send: the server refuses, the console says why.
            browser.driver.executeScript("import(new URL('assets/js/api.js', document.baseURI))"
                    + ".then(api => api.post('dead-letters/replay', { filter: {}, reason: 'just trying' }))");
            WebElement refused = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice.error")));
            assertThat(refused.getText()).startsWith("Refused (403 forbidden): ").hasSizeGreaterThan(40);
            browser.screenshot("read-only");
            assertThat(browser.pageErrors()).isEmpty();
        }
        assertThat(deadLetters("inventory")).isEqualTo(5);
    }

    @Test
    @Order(2)
    void anOperatorReplaysAFailureGroupAndSeesTheLettersLeaveAndTheAuditEntry() throws Exception {
        try (Chromium browser = new Chromium("olivia", ShopApplication.PASSWORD, ZONE.getId())) {
            browser.driver.get(console().replaceAll("/$", ""));
            browser.wait.until(ExpectedConditions.urlToBe(console() + "#/dead-letters"));
            List<WebElement> groups = waitForGroups(browser, 2);
            assertThat(groups.get(0).getText()).contains("UnknownSkuException", "No SKU ghost-# in the catalogue", "3");
            assertShownInTheBrowsersZone(groups.get(0).findElement(By.tagName("time")));
            browser.screenshot("dead-letters");

            browser.driver.findElement(By.xpath("//tr[contains(., 'UnknownSkuException')]/td/a")).click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("pre.payload"), "\"sku\""));
            assertThat(browser.driver.findElement(By.cssSelector("pre.payload")).getText()).contains("ghost-");
            browser.screenshot("dead-letter");
            browser.driver.navigate().back();
            waitForGroups(browser, 2);

            inventory.fixed.set(true);
            browser.driver.findElement(By.cssSelector("button[aria-label='Replay failure group UnknownSkuException (inventory, orders)']")).click();
            WebElement dialog = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("dialog")));
            dialog.findElement(By.tagName("textarea")).sendKeys("SKUs ghost-41 to ghost-43 added to the catalogue");
            browser.screenshot("replay-group");
            dialog.findElement(By.cssSelector("button[type=submit]")).click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice.ok"), "Replayed 3 dead letters"));
            waitForGroups(browser, 1);
            browser.wait.until(d -> d.findElements(By.cssSelector("main table a[href^='#/dead-letters/']")).size() == 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> inventory.reserved.keySet().containsAll(List.of("o-ghost-1", "o-ghost-2", "o-ghost-3")));

            editAndReplay(browser);

            browser.driver.findElement(By.linkText("Audit")).click();
            WebElement entry = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//tr[contains(., 'DEAD_LETTER_REPLAY')]")));
            assertThat(entry.getText()).contains("olivia", "SKUs ghost-41 to ghost-43 added to the catalogue");
            assertThat(entry.findElement(By.xpath("td[5]")).getText()).isEqualTo("3");
            browser.screenshot("audit");

            outbox(browser);
            heldKey(browser);
            assertThat(browser.pageErrors()).isEmpty();
        }
    }

    /** One ledger order sent again from another warehouse; the letter keeps the payload it failed with. */
    private void editAndReplay(Chromium browser) throws Exception {
        browser.driver.findElement(By.xpath("//tr[contains(., 'o-ledger-1')]/td/a")).click();
        browser.wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Edit and replay…']"))).click();
        WebElement payload = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-payload")));
        assertThat(payload.getDomProperty("value")).contains("\"warehouse\" : \"w-3\"");
        payload.clear();
        payload.sendKeys("{\"orderId\": \"o-ledger-1\", \"sku\": \"sku-1\", \"quantity\": 2, \"warehouse\": \"w-1\"}");
        browser.driver.findElement(By.id("act-reason")).sendKeys("Warehouse 3 is closed; shipped from warehouse 1");
        browser.screenshot("edit-replay");
        browser.driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice.ok"), "Replayed an edited copy"));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "edited and replayed"));
        assertThat(browser.driver.findElement(By.cssSelector("pre.payload")).getText()).contains("w-3");
        await().atMost(Duration.ofSeconds(60)).until(() -> "w-1".equals(inventory.reserved.get("o-ledger-1")));
    }

    /** The backlog, the DEAD row and a dry run of a range replay. */
    private void outbox(Chromium browser) throws Exception {
        browser.driver.findElement(By.linkText("Outbox")).click();
        WebElement topic = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//tr[td/code[text()='" + TOPIC + "']]")));
        // Pending, delayed and DEAD: the order due in an hour, and the one too large for the broker.
        assertThat(List.of(cell(topic, 2), cell(topic, 5), cell(topic, 7))).containsExactly("1", "1", "1");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h2[text()='Relays']/following::td//span[text()='alive']")));
        browser.screenshot("outbox");

        browser.driver.findElement(By.linkText("DEAD rows")).click();
        WebElement dead = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//tr[contains(., 'o-bulk')]")));
        assertThat(dead.getText()).contains(TOPIC);

        browser.driver.findElement(By.linkText("Replay a time range")).click();
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rp-topic"))).sendKeys(TOPIC);
        setValue(browser, "rp-from", local.format(LocalDateTime.ofInstant(now.minus(Duration.ofHours(1)), ZONE)));
        setValue(browser, "rp-to", local.format(LocalDateTime.ofInstant(now.plus(Duration.ofMinutes(1)), ZONE)));
        browser.driver.findElement(By.id("rp-group")).sendKeys("inventory");
        browser.driver.findElement(By.xpath("//button[text()='Dry run: count']")).click();
        WebElement dryRun = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.card")));
        assertThat(dryRun.getText()).contains(TOPIC + ".inventory.retry", "PT168H").doesNotContain("does not cover");
        browser.screenshot("replay-range");
    }

    /** The billing key held back by a retrying message, dead-lettered now from the console. */
    private void heldKey(Chromium browser) throws Exception {
        browser.driver.findElement(By.linkText("Held keys")).click();
        WebElement held = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//tr[contains(., 'stuck-1')]")));
        assertThat(held.getText()).contains("Payment gateway timed out");
        browser.screenshot("held-keys");
        held.findElement(By.xpath(".//button[text()='Dead-letter now']")).click();
        WebElement dialog = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("dialog")));
        dialog.findElement(By.tagName("textarea")).sendKeys("Gateway account closed; refunded by hand");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice.ok"), "Requested"));
        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters("billing") == 1);
    }

    private void assertShownInTheBrowsersZone(WebElement time) {
        Instant instant = Instant.parse(time.getAttribute("datetime"));
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss");
        assertThat(time.getText()).contains(clock.format(instant.atZone(ZONE)));
        assertThat(time.getAttribute("title")).endsWith(" UTC").contains(clock.format(instant.atZone(ZoneId.of("UTC"))));
    }

    private List<WebElement> waitForGroups(Chromium browser, int count) {
        By rows = By.xpath("//section[h2[text()='Failure groups']]//tbody/tr[td[4]]");
        browser.wait.until(d -> d.findElements(rows).size() == count);
        return browser.driver.findElements(rows);
    }

    private static String cell(WebElement row, int column) {
        return row.findElement(By.xpath("td[" + column + "]")).getText();
    }

    private static List<String> buttons(Chromium browser) {
        // Every button on the page, shown or folded away (the filter form's).
        return browser.driver.findElements(By.cssSelector("main button"))
            .stream()
            .map(button -> button.getDomProperty("textContent"))
            .distinct()
            .toList();
    }

    private static void setValue(Chromium browser, String id, String value) {
        browser.driver.executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, value);
    }

    private void order(OrderPlaced order) {
        transactions.executeWithoutResult(status -> publisher.publish(TOPIC, order.orderId(), order));
    }

    private long deadLetters(String group) {
        return jdbc.queryForObject("SELECT count(*) FROM rm_dead_letter WHERE group_name = ? AND topic = ? AND status = 'DEAD'",
                Long.class, group, TOPIC);
    }

    private HttpResponse<String> http(String path, @Nullable String user, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (user != null) {
            String credentials = user + ":" + ShopApplication.PASSWORD;
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private String console() {
        return "http://localhost:" + port + "/messaging/";
    }
}
