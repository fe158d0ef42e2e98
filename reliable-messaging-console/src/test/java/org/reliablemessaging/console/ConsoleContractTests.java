package org.reliablemessaging.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.console.deadletter.FailureGroupBackfill;
import org.reliablemessaging.jdbc.HeadersJson;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/**
 * What the operations API does on every supported database: dead letters filtered, grouped, shown,
 * replayed, skipped and edited; the outbox's state, DEAD rows requeued and skipped, replays of a time
 * range; held keys; the audit of each action; security and problems. One subclass per database.
 */
abstract class ConsoleContractTests extends ConsoleTestSupport {

    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");

    // ---- dead letters: filters, paging, groups, detail

    @Test
    void everyFilterFindsItsLettersAndOnlyThem() {
        long a = letter("inventory", "orders", "sku-1", "order-placed", thrownAt(new IllegalStateException(
                "no stock for sku-1"), "com.acme.Stock#reserve"), T0, T0.plusSeconds(10), bytes("{}"));
        long b = letter("inventory", "payments", "sku-2", "payment-made", thrownAt(new IllegalArgumentException(
                "bad amount 12"), "com.acme.Pay#charge"), T0.plusSeconds(100), T0.plusSeconds(200), bytes("{}"));
        long c = letter("billing", "orders", "sku-3", "order-placed", thrownAt(new IllegalStateException(
                "No Stock at all"), "com.acme.Stock#reserve"), T0.plusSeconds(300), T0.plusSeconds(400), bytes("{}"));
        writeOk("/dead-letters/skip", Map.of("ids", List.of(c), "reason", "test"));

        assertThat(readOk("/dead-letters").ids()).containsExactly(b, a);
        assertThat(readOk("/dead-letters?status=ANY").ids()).containsExactly(c, b, a);
        assertThat(readOk("/dead-letters?status=SKIPPED").ids()).containsExactly(c);
        assertThat(readOk("/dead-letters?status=ANY&group=billing").ids()).containsExactly(c);
        assertThat(readOk("/dead-letters?topic=payments").ids()).containsExactly(b);
        assertThat(readOk("/dead-letters?type=order-placed").ids()).containsExactly(a);
        assertThat(readOk("/dead-letters?key=sku-2").ids()).containsExactly(b);
        assertThat(readOk("/dead-letters?errorClass=java.lang.IllegalArgumentException").ids()).containsExactly(b);
        String groupOfA = readOk("/dead-letters/" + a).body().get("failureGroup").asString();
        assertThat(readOk("/dead-letters?status=ANY&failureGroup=" + groupOfA).ids()).containsExactly(c, a);
        assertThat(readOk("/dead-letters?status=ANY&text=STOCK").ids()).containsExactly(c, a);
        assertThat(readOk("/dead-letters?text=100%25").ids()).isEmpty();
        assertThat(readOk("/dead-letters?firstFailedFrom=" + T0.plusSeconds(50) + "&firstFailedTo="
                + T0.plusSeconds(150)).ids()).containsExactly(b);
        assertThat(readOk("/dead-letters?status=ANY&lastFailedFrom=" + T0.plusSeconds(200)).ids()).containsExactly(c, b);
        assertThat(readOk("/dead-letters?lastFailedTo=" + T0.plusSeconds(200)).ids()).containsExactly(a);
    }

    @Test
    void pagesThroughAnyNumberOfLettersNewestFirstAndCountsOnRequest() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(letter("inventory", "orders", "k" + i, new IllegalStateException("boom")));
        }
        List<Long> seen = new ArrayList<>();
        Response page = readOk("/dead-letters?limit=10&count=true");
        assertThat(page.body().get("total").asLong()).isEqualTo(25);
        seen.addAll(page.ids());
        while (!page.body().get("nextCursor").isNull()) {
            page = readOk("/dead-letters?limit=10&cursor=" + page.body().get("nextCursor").asString());
            assertThat(page.body().get("total").isNull()).isTrue();
            seen.addAll(page.ids());
        }
        assertThat(seen).containsExactlyElementsOf(ids.reversed());
        assertThat(readOk("/dead-letters").ids()).hasSize(25);
    }

    @Test
    void groupsLettersByTheirCausePerGroupAndTopic() {
        for (int i = 0; i < 3; i++) {
            letter("inventory", "orders", "sku-" + i, thrownAt(new IllegalStateException("no SKU sku-" + i),
                    "com.acme.Stock#reserve"));
        }
        letter("billing", "orders", "sku-9", thrownAt(new IllegalStateException("no SKU sku-9"), "com.acme.Stock#reserve"));
        letter("inventory", "orders", "sku-5", thrownAt(new IllegalStateException("timeout after 30 ms"),
                "com.acme.Stock#release"));
        letter("inventory", "orders", "sku-6", inTheJdk(new IllegalStateException("connection 17 refused")));
        letter("inventory", "orders", "sku-7", inTheJdk(new IllegalStateException("connection 18 refused")));

        JsonNode groups = readOk("/dead-letters/failure-groups").items();

        assertThat(groups).hasSize(4);
        JsonNode biggest = groups.get(0);
        assertThat(biggest.get("count").asLong()).isEqualTo(3);
        assertThat(biggest.get("group").asString()).isEqualTo("inventory");
        assertThat(biggest.get("location").asString()).isEqualTo("com.acme.Stock.reserve");
        assertThat(biggest.get("errorClass").asString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(groups.get(1).get("count").asLong()).isEqualTo(2);
        assertThat(groups.get(1).get("location").isNull()).isTrue();
        assertThat(groups.get(1).get("message").asString()).isEqualTo("connection # refused");
        assertThat(readOk("/dead-letters/failure-groups?group=billing").items()).singleElement()
            .satisfies(group -> assertThat(group.get("failureGroup").asString())
                .isEqualTo(biggest.get("failureGroup").asString()));
        assertThat(readOk("/dead-letters/failure-groups?limit=1").body().get("truncated").asBoolean()).isTrue();
    }

    @Test
    void lettersStoredBeforeFailureGroupsExistedGetTheirsAsIfStoredNow() {
        long fresh = letter("inventory", "orders", "sku-1", thrownAt(new IllegalStateException("no SKU 1"),
                "com.acme.Stock#reserve"));
        long old = letter("inventory", "orders", "sku-2", thrownAt(new IllegalStateException("no SKU 2"),
                "com.acme.Stock#reserve"));
        db.jdbc().update("UPDATE " + db.tables().deadLetter() + " SET failure_group = NULL WHERE id = ?", old);
        assertThat(readOk("/dead-letters/failure-groups").items()).singleElement()
            .satisfies(group -> assertThat(group.get("count").asLong()).isEqualTo(1));

        long backfilled = new FailureGroupBackfill(db).run();

        assertThat(backfilled).isEqualTo(1);
        assertThat(readOk("/dead-letters/" + old).body().get("failureGroup").asString())
            .isEqualTo(readOk("/dead-letters/" + fresh).body().get("failureGroup").asString());
        assertThat(readOk("/dead-letters/failure-groups").items()).singleElement()
            .satisfies(group -> assertThat(group.get("count").asLong()).isEqualTo(2));
    }

    @Test
    void showsALetterWithHeadersPrettyPayloadStackCausesAndItsHistory() {
        IllegalStateException error = new IllegalStateException("outer", new IllegalArgumentException("inner cause"));
        long id = letter("inventory", "orders", "sku-1", error);
        writeOk("/dead-letters/skip", Map.of("ids", List.of(id), "reason", "known issue"));

        JsonNode letter = readOk("/dead-letters/" + id).body();

        assertThat(letter.get("headers").get("tenant").asString()).isEqualTo("acme");
        assertThat(letter.get("payload").get("format").asString()).isEqualTo("json");
        assertThat(letter.get("payload").get("content").asString()).contains("\"sku\" : \"sku-1\"").contains("\n");
        assertThat(letter.get("stack").asString()).contains("Caused by: java.lang.IllegalArgumentException: inner cause");
        assertThat(letter.get("causes")).hasSize(2);
        assertThat(letter.get("causes").get(1).get("message").asString()).isEqualTo("inner cause");
        assertThat(letter.get("status").asString()).isEqualTo("SKIPPED");
        assertThat(letter.get("history")).singleElement().satisfies(entry -> {
            assertThat(entry.get("actor").asString()).isEqualTo("alice");
            assertThat(entry.get("action").asString()).isEqualTo("DEAD_LETTER_SKIP");
            assertThat(entry.get("reason").asString()).isEqualTo("known issue");
        });
    }

    @Test
    void masksOrHidesPayloadsPerTopicAndShowsHexForAnythingElse() {
        long card = letter("billing", "cards", "c", "card", new IllegalStateException("x"), T0, T0,
                bytes("{\"number\":\"4111111111111111\",\"owner\":{\"name\":\"Ann\"},\"tags\":[1,2]}"));
        long secret = letter("billing", "secrets", "s", "secret", new IllegalStateException("x"), T0, T0, bytes("{}"));
        long binary = letter("billing", "blobs", "b", "blob", new IllegalStateException("x"), T0, T0,
                new byte[] { 0, 1, (byte) 0xFF });

        JsonNode masked = readOk("/dead-letters/" + card).body().get("payload");
        assertThat(masked.get("mode").asString()).isEqualTo("masked");
        assertThat(masked.get("content").asString()).doesNotContain("4111").doesNotContain("Ann")
            .contains("\"number\" : \"***\"").contains("\"name\" : \"***\"");
        JsonNode hidden = readOk("/dead-letters/" + secret).body().get("payload");
        assertThat(hidden.get("content").isNull()).isTrue();
        assertThat(hidden.get("format").asString()).isEqualTo("none");
        JsonNode hex = readOk("/dead-letters/" + binary).body().get("payload");
        assertThat(hex.get("format").asString()).isEqualTo("hex");
        assertThat(hex.get("content").asString()).isEqualTo("0001ff");
        assertThat(hex.get("size").asInt()).isEqualTo(3);
    }

    // ---- dead letters: actions

    @Test
    void replaysByIdsByFailureGroupAndByFilterOnceEachWithTheirAuditRows() {
        long a = letter("inventory", "orders", "sku-1", thrownAt(new IllegalStateException("a"), "com.acme.A#a"));
        long b = letter("inventory", "orders", "sku-2", thrownAt(new IllegalStateException("b"), "com.acme.B#b"));
        long c = letter("inventory", "orders", "sku-3", thrownAt(new IllegalStateException("b"), "com.acme.B#b"));
        long d = letter("billing", "orders", "sku-4", thrownAt(new IllegalStateException("d"), "com.acme.D#d"));
        String groupB = readOk("/dead-letters/" + b).body().get("failureGroup").asString();

        Response byIds = writeOk("/dead-letters/replay", Map.of("ids", List.of(a, 999_999L)));
        Response byGroup = writeOk("/dead-letters/replay", Map.of("filter", Map.of("failureGroup", groupB),
                "reason", "fixed in 1.4.2"));
        Response byFilter = writeOk("/dead-letters/replay", Map.of("filter", Map.of("group", "billing")));
        Response again = writeOk("/dead-letters/replay", Map.of("filter", Map.of()));

        assertThat(byIds.body().get("changed").asLong()).isEqualTo(1);
        assertThat(byGroup.body().get("changed").asLong()).isEqualTo(2);
        assertThat(byFilter.body().get("changed").asLong()).isEqualTo(1);
        assertThat(again.body().get("changed").asLong()).isZero();
        assertThat(readOk("/dead-letters").ids()).isEmpty();
        List<Map<String, Object>> retried = outboxRows("orders.inventory.retry");
        assertThat(retried).hasSize(3);
        Map<String, String> headers = HeadersJson.read((String) retried.get(0).get("headers"));
        assertThat(headers.get(ReliableHeaders.ORIGINAL_ID))
            .isEqualTo(readOk("/dead-letters/" + a).body().get("messageId").asString());
        assertThat(outboxRows("orders.billing.retry")).hasSize(1);
        List<Map<String, Object>> audit = auditRows();
        assertThat(audit).extracting(row -> row.get("action")).containsOnly("DEAD_LETTER_REPLAY");
        assertThat(audit).extracting(row -> ((Number) row.get("changed")).longValue()).containsExactly(1L, 2L, 1L, 0L);
        assertThat(audit.get(1).get("reason")).isEqualTo("fixed in 1.4.2");
        assertThat((String) audit.get(1).get("target")).contains(groupB);
        assertThat(audit.get(0).get("actor")).isEqualTo("alice");
        assertThat(readOk("/dead-letters/" + c).body().get("history")).singleElement()
            .satisfies(entry -> assertThat(entry.get("auditId").asLong()).isEqualTo(byGroup.body().get("auditId").asLong()));
        assertThat(readOk("/audit?action=DEAD_LETTER_REPLAY&count=true").body().get("total").asLong()).isEqualTo(4);
        assertThat(readOk("/audit?actor=bob").ids()).isEmpty();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void skipNeedsAReasonAndSkipsOnlyDeadLetters(CapturedOutput output) {
        long a = letter("inventory", "orders", "sku-1", new IllegalStateException("a"));

        Response noReason = write("/dead-letters/skip", Map.of("ids", List.of(a)));
        Response skipped = writeOk("/dead-letters/skip", Map.of("ids", List.of(a), "reason", "customer cancelled"));
        Response again = writeOk("/dead-letters/skip", Map.of("ids", List.of(a), "reason", "twice"));
        Response replayed = writeOk("/dead-letters/replay", Map.of("ids", List.of(a)));

        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.code()).isEqualTo("invalid-request");
        assertThat(skipped.body().get("changed").asLong()).isEqualTo(1);
        assertThat(again.body().get("changed").asLong()).isZero();
        assertThat(replayed.body().get("changed").asLong()).isZero();
        assertThat(outboxRows("orders.inventory.retry")).isEmpty();
        assertThat(output).contains("console action=DEAD_LETTER_SKIP actor=alice changed=1 auditId="
                + skipped.body().get("auditId").asLong() + " target={\"ids\":[" + a + "]} reason=\"customer cancelled\"");
    }

    @Test
    void editAndReplaySendsAnEditedCopyAndKeepsTheOriginalMarked() {
        long id = letter("inventory", "orders", "sku-1", new IllegalStateException("bad sku"));
        long card = letter("billing", "cards", "c", "card", new IllegalStateException("x"), T0, T0, bytes("{}"));

        Response invalid = write("/dead-letters/" + id + "/edit-replay", Map.of("payload", "{\"sku\":", "reason", "r"));
        Response masked = write("/dead-letters/" + card + "/edit-replay", Map.of("payload", "{}", "reason", "r"));
        Response edited = writeOk("/dead-letters/" + id + "/edit-replay",
                Map.of("payload", "{\"sku\":\"sku-9\",\"quantity\":2}", "reason", "SKU renamed"));
        Response again = writeOk("/dead-letters/" + id + "/edit-replay", Map.of("payload", "{}", "reason", "again"));

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("invalid-payload");
        assertThat(masked.status()).isEqualTo(403);
        assertThat(masked.code()).isEqualTo("edit-disabled");
        assertThat(edited.body().get("changed").asLong()).isEqualTo(1);
        assertThat(again.body().get("changed").asLong()).isZero();
        JsonNode letter = readOk("/dead-letters/" + id).body();
        assertThat(letter.get("status").asString()).isEqualTo("REPLAYED");
        assertThat(letter.get("edited").asBoolean()).isTrue();
        assertThat(letter.get("payload").get("content").asString()).contains("sku-1");
        List<Map<String, Object>> sent = outboxRows("orders.inventory.retry");
        assertThat(sent).singleElement().satisfies(row -> {
            assertThat(new String((byte[]) bytesOf(row), StandardCharsets.UTF_8)).isEqualTo(
                    "{\"sku\":\"sku-9\",\"quantity\":2}");
            assertThat(((String) row.get("message_id")).trim()).isNotEqualTo(letter.get("messageId").asString());
        });
        assertThat((String) auditRows().get(0).get("details")).contains("sku-9");
    }

    @Test
    void concurrentBulkReplaysReplayEachLetterOnce() throws Exception {
        for (int i = 0; i < 40; i++) {
            letter("inventory", "orders", "sku-" + (i % 5), new IllegalStateException("down"));
        }
        List<Callable<Long>> replays = List.of(
                () -> writeOk("/dead-letters/replay", Map.of("filter", Map.of())).body().get("changed").asLong(),
                () -> writeOk("/dead-letters/replay", Map.of("filter", Map.of("topic", "orders"))).body().get("changed")
                    .asLong(),
                () -> writeOk("/dead-letters/replay", Map.of("filter", Map.of("group", "inventory"))).body()
                    .get("changed").asLong());

        List<Long> changed = atOnce(replays);

        assertThat(changed.stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
        assertThat(outboxRows("orders.inventory.retry")).hasSize(40);
        assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM " + db.tables().consoleAuditLetter(), Long.class))
            .isEqualTo(40);
    }

    // ---- problems and security

    @Test
    void badInputGetsAProblemSayingWhatWasWrong() {
        long id = letter("inventory", "orders", "sku-1", new IllegalStateException("a"));
        assertProblem(read("/dead-letters/" + (id + 1000)), 404, "not-found");
        assertProblem(read("/dead-letters/abc"), 400, "invalid-request");
        assertProblem(read("/dead-letters?colour=red"), 400, "invalid-filter");
        assertProblem(read("/dead-letters?status=LOST"), 400, "invalid-filter");
        assertProblem(read("/dead-letters?firstFailedFrom=yesterday"), 400, "invalid-filter");
        assertProblem(read("/dead-letters?lastFailedFrom=" + T0 + "&lastFailedTo=" + T0.minusSeconds(1)), 400,
                "invalid-range");
        assertProblem(read("/dead-letters?limit=101"), 400, "invalid-limit");
        assertProblem(read("/audit?limit=0"), 400, "invalid-limit");
        assertProblem(write("/dead-letters/replay", Map.of("ids", List.of(id), "filter", Map.of())), 400,
                "invalid-request");
        assertProblem(write("/dead-letters/replay", Map.of("filter", Map.of("status", "SKIPPED"))), 400,
                "invalid-filter");
        assertProblem(write("/outbox/replay", Map.of("topic", "orders", "from", T0.toString(), "to", T0.toString())),
                400, "invalid-range");
        Response problem = read("/dead-letters?limit=101");
        assertThat(problem.body().get("detail").asString()).contains("101");
        assertThat(problem.body().get("instance").asString()).isEqualTo(API + "/dead-letters");
        assertThat(problem.body().get("type").asString()).isEqualTo("urn:reliable-messaging:console:invalid-limit");
    }

    @Test
    void readersCannotWriteAndWritesNeedCsrfAndAUser() {
        long id = letter("inventory", "orders", "sku-1", new IllegalStateException("a"));
        String body = JSON.writeValueAsString(Map.of("ids", List.of(id)));

        Response reader = call(post(API + "/dead-letters/replay").with(httpBasic("reader", "secret")).with(csrf())
            .contentType(MediaType.APPLICATION_JSON).content(body));
        Response noCsrf = call(post(API + "/dead-letters/replay").with(httpBasic("alice", "secret"))
            .contentType(MediaType.APPLICATION_JSON).content(body));
        Response anonymous = call(post(API + "/dead-letters/replay").with(csrf()).contentType(MediaType.APPLICATION_JSON)
            .content(body));
        Response anonymousRead = call(get(API + "/dead-letters"));
        Response otherRole = call(get(API + "/dead-letters").with(httpBasic("nobody", "secret")));
        Response readerReads = call(get(API + "/dead-letters").with(httpBasic("reader", "secret")));
        Response me = call(get(API + "/me").with(httpBasic("reader", "secret")));

        assertProblem(reader, 403, "forbidden");
        assertProblem(noCsrf, 403, "csrf");
        assertProblem(anonymous, 401, "unauthenticated");
        assertProblem(anonymousRead, 401, "unauthenticated");
        assertProblem(otherRole, 403, "forbidden");
        assertThat(readerReads.status()).isEqualTo(200);
        assertThat(me.body().get("canOperate").asBoolean()).isFalse();
        assertThat(me.body().get("canRead").asBoolean()).isTrue();
        assertThat(me.body().get("name").asString()).isEqualTo("reader");
        assertThat(readOk("/dead-letters").ids()).containsExactly(id);
        assertThat(auditRows()).isEmpty();
    }

    // ---- outbox and relays

    @Test
    void showsPerTopicStateAndTheRelaysWithTheirShards() {
        Instant now = Instant.now();
        outboxRow("orders", "k1", "{}", now.minusSeconds(120));
        long retrying = outboxRow("orders", "k2", "{}", now.minusSeconds(30));
        setStatus(retrying, "PENDING", 2, "broker down");
        long delayed = outboxRow("orders", "k3", "{}", now);
        db.jdbc().update("UPDATE " + db.tables().outbox() + " SET available_at = ? WHERE id = ?",
                db.value(now.plusSeconds(3600)), delayed);
        long dead = outboxRow("payments", "p1", "{}", now);
        setStatus(dead, "DEAD", 20, "too large");
        long sent = outboxRow("payments", "p2", "{}", now);
        setStatus(sent, "SENT", 1, null);
        db.jdbc().update("INSERT INTO " + db.tables().relayInstance() + " (instance_id, expires_at) VALUES (?, ?)",
                "relay-1", db.value(now.plusSeconds(3600)));
        db.jdbc().update("INSERT INTO " + db.tables().relayLease() + " (shard, owner, expires_at) VALUES (?, ?, ?)", 0,
                "relay-1", db.value(now.plusSeconds(3600)));
        db.jdbc().update("INSERT INTO " + db.tables().relayLease() + " (shard, owner, expires_at) VALUES (?, ?, ?)", 1,
                null, db.value(now.minusSeconds(3600)));

        JsonNode topics = readOk("/outbox/topics").items();
        JsonNode relays = readOk("/outbox/relays").body();

        assertThat(topics).hasSize(2);
        JsonNode orders = topics.get(0);
        assertThat(orders.get("topic").asString()).isEqualTo("orders");
        assertThat(orders.get("pending").asLong()).isEqualTo(3);
        assertThat(orders.get("delayed").asLong()).isEqualTo(1);
        assertThat(orders.get("retrying").asLong()).isEqualTo(1);
        assertThat(orders.get("dead").asLong()).isZero();
        assertThat(orders.get("oldestPendingAgeSeconds").asDouble()).isBetween(100.0, 1000.0);
        assertThat(topics.get(1).get("dead").asLong()).isEqualTo(1);
        assertThat(topics.get(1).get("pending").asLong()).isZero();
        assertThat(relays.get("leaseTtl").asString()).isEqualTo("PT15S");
        assertThat(relays.get("instances")).singleElement().satisfies(instance -> {
            assertThat(instance.get("instanceId").asString()).isEqualTo("relay-1");
            assertThat(instance.get("alive").asBoolean()).isTrue();
            assertThat(instance.get("shards")).extracting(JsonNode::asInt).containsExactly(0);
        });
        assertThat(relays.get("shards").get(1).get("expired").asBoolean()).isTrue();
    }

    @Test
    void requeuesDeadRowsThatKeepHoldingTheirKeyAndSkipsOthersPassingTheHoldOn() {
        Instant now = Instant.now();
        long first = outboxRow("orders", "k1", "{}", now);
        long second = outboxRow("orders", "k1", "{}", now);
        long third = outboxRow("orders", "k1", "{}", now);
        setStatus(first, "DEAD", 20, "unroutable");
        setStatus(second, "DEAD", 20, "unroutable");
        holdKey("orders", "k1", first);
        long other = outboxRow("payments", "p1", "{}", now);
        setStatus(other, "DEAD", 3, "record too large");

        Response page = readOk("/outbox/dead?topic=orders&count=true");
        assertThat(page.ids()).containsExactly(second, first);
        assertThat(page.body().get("total").asLong()).isEqualTo(2);
        assertThat(page.items().get(1).get("holdsKey").asBoolean()).isTrue();
        assertThat(readOk("/outbox/dead?text=TOO LARGE").ids()).containsExactly(other);
        assertThat(readOk("/outbox/dead/" + other).body().get("payload").get("content").asString()).isEqualTo("{ }");
        assertProblem(read("/outbox/dead/" + third), 404, "not-found");

        assertProblem(write("/outbox/dead/skip", Map.of("ids", List.of(first))), 400, "invalid-request");
        Response skipped = writeOk("/outbox/dead/skip", Map.of("ids", List.of(first), "reason", "customer gone"));
        assertThat(skipped.body().get("changed").asLong()).isEqualTo(1);
        assertThat(heldBy("orders", "k1")).isEqualTo(second);
        Response requeued = writeOk("/outbox/dead/requeue", Map.of("filter", Map.of("topic", "orders")));
        Response again = writeOk("/outbox/dead/requeue", Map.of("filter", Map.of("topic", "orders")));

        assertThat(requeued.body().get("changed").asLong()).isEqualTo(1);
        assertThat(again.body().get("changed").asLong()).isZero();
        Map<String, Object> row = db.jdbc().queryForMap("SELECT status, attempts, available_at, dead_at FROM "
                + db.tables().outbox() + " WHERE id = ?", second);
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(((Number) row.get("attempts")).intValue()).isZero();
        assertThat(row.get("available_at")).isNull();
        assertThat(heldBy("orders", "k1")).isEqualTo(second);
        assertThat(db.jdbc().queryForObject("SELECT status FROM " + db.tables().outbox() + " WHERE id = ?", String.class,
                first)).isEqualTo("SKIPPED");
        assertThat(readOk("/outbox/dead").ids()).containsExactly(other);
        assertThat(auditRows()).extracting(r -> r.get("action")).containsExactly("OUTBOX_SKIP", "OUTBOX_REQUEUE",
                "OUTBOX_REQUEUE");
    }

    @Test
    void replaysARetainedRangeToOneGroupOrAllWithTheOriginalIdsAfterADryRun() {
        Instant now = Instant.now();
        long before = outboxRow("orders", "k1", "{\"n\":0}", now.minusSeconds(7200));
        long inside = outboxRow("orders", "k1", "{\"n\":1}", now.minusSeconds(1800));
        long insideToo = outboxRow("orders", "k2", "{\"n\":2}", now.minusSeconds(900));
        long pending = outboxRow("orders", "k3", "{\"n\":3}", now.minusSeconds(900));
        for (long id : List.of(before, inside, insideToo)) {
            setStatus(id, "SENT", 1, null);
        }
        String from = now.minusSeconds(3600).toString();
        String to = now.toString();

        JsonNode dryRun = writeOk("/outbox/replay", Map.of("topic", "orders", "from", from, "to", to, "group",
                "inventory")).body();
        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.get("matching").asLong()).isEqualTo(2);
        assertThat(dryRun.get("covered").asBoolean()).isTrue();
        assertThat(dryRun.get("targetTopic").asString()).isEqualTo("orders.inventory.retry");
        assertThat(outboxRows("orders.inventory.retry")).isEmpty();

        assertProblem(write("/outbox/replay", Map.of("topic", "orders", "from", from, "to", to, "dryRun", false)), 400,
                "invalid-request");
        JsonNode sent = writeOk("/outbox/replay", Map.of("topic", "orders", "from", from, "to", to, "group",
                "inventory", "dryRun", false, "reason", "inventory restored")).body();
        assertThat(sent.get("sent").asLong()).isEqualTo(2);
        List<Map<String, Object>> copies = outboxRows("orders.inventory.retry");
        assertThat(copies).hasSize(2);
        String originalId = db.jdbc().queryForObject("SELECT message_id FROM " + db.tables().outbox() + " WHERE id = ?",
                String.class, inside).trim();
        assertThat(HeadersJson.read((String) copies.get(0).get("headers"))).containsEntry(ReliableHeaders.ORIGINAL_ID,
                originalId).containsEntry("tenant", "acme");
        assertThat(new String(bytesOf(copies.get(0)), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");

        JsonNode toAll = writeOk("/outbox/replay", Map.of("topic", "orders", "from", from, "to", to, "dryRun", false,
                "reason", "all groups")).body();
        assertThat(toAll.get("targetTopic").asString()).isEqualTo("orders");
        assertThat(outboxRows("orders")).hasSize(4 + 2);

        String old = now.minus(Duration.ofDays(8)).toString();
        JsonNode uncovered = writeOk("/outbox/replay", Map.of("topic", "orders", "from", old, "to", to)).body();
        assertThat(uncovered.get("covered").asBoolean()).isFalse();
        assertThat(uncovered.get("retention").asString()).isEqualTo("PT168H");
        assertThat(uncovered.get("coverageProblem").asString()).contains("retention (PT168H) keeps messages");
        assertProblem(write("/outbox/replay", Map.of("topic", "orders", "from", old, "to", to, "dryRun", false,
                "reason", "r")), 409, "range-not-retained");
        assertThat(auditRows()).extracting(r -> r.get("action")).containsOnly("OUTBOX_REPLAY_RANGE").hasSize(2);
        assertThat(pending).isPositive();
    }

    // ---- held keys

    @Test
    void listsHeldKeysOfEveryInstanceAndAsksTheirInstanceToDeadLetterThem() {
        Instant now = Instant.now();
        heldKey("inventory", "orders", "sku-1", "instance-a", now.plusSeconds(60));
        heldKey("inventory", "orders", "sku-2", "instance-b", now.plusSeconds(60));
        heldKey("billing", "orders", "sku-1", "instance-a", now.plusSeconds(60));
        heldKey("inventory", "orders", "sku-3", "instance-gone", now.minusSeconds(600));

        Response all = readOk("/listeners/held-keys?count=true");
        assertThat(all.body().get("total").asLong()).isEqualTo(3);
        assertThat(all.items()).extracting(k -> k.get("instance").asString()).containsExactlyInAnyOrder("instance-a",
                "instance-b", "instance-a");
        assertThat(readOk("/listeners/held-keys?group=billing").ids()).hasSize(1);

        assertProblem(write("/listeners/held-keys/dead-letter", Map.of("group", "inventory", "topic", "orders", "key",
                "sku-1")), 400, "invalid-request");
        Response request = writeOk("/listeners/held-keys/dead-letter", Map.of("group", "inventory", "topic", "orders",
                "key", "sku-1", "reason", "poison message"));
        Response again = writeOk("/listeners/held-keys/dead-letter", Map.of("group", "inventory", "topic", "orders",
                "key", "sku-1", "reason", "poison message"));

        assertThat(request.body().get("changed").asLong()).isEqualTo(1);
        assertThat(again.body().get("changed").asLong()).isZero();
        List<Map<String, Object>> requested = db.jdbc().queryForList("SELECT group_name, msg_key, dead_letter_requested_by, "
                + "dead_letter_reason FROM " + db.tables().heldKey() + " WHERE dead_letter_requested_at IS NOT NULL");
        assertThat(requested).singleElement().satisfies(row -> {
            assertThat(row.get("group_name")).isEqualTo("inventory");
            assertThat(row.get("dead_letter_requested_by")).isEqualTo("alice");
            assertThat(row.get("dead_letter_reason")).isEqualTo("poison message");
        });
        assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM " + db.tables().heldKey(), Long.class)).isEqualTo(3);
        assertThat(auditRows()).extracting(r -> r.get("action")).containsExactly("HELD_KEY_DEAD_LETTER",
                "HELD_KEY_DEAD_LETTER");
    }

    void heldKey(String group, String topic, String key, String instance, Instant nextAttempt) {
        db.jdbc().update("INSERT INTO " + db.tables().heldKey() + " (group_name, topic, msg_key, message_id, instance_id, "
                + "attempts, since, next_attempt_at, expires_at, last_error) VALUES (?, ?, ?, ?, ?, 2, ?, ?, ?, ?)", group,
                topic, key, "m-" + key, instance, db.value(nextAttempt.minusSeconds(120)), db.value(nextAttempt),
                db.value(nextAttempt.plusSeconds(60)), "java.lang.IllegalStateException: down");
    }

    static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.code()).as("%s", response.body()).isEqualTo(code);
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
    }

    /** An error with no application frame on its stack. */
    static RuntimeException inTheJdk(RuntimeException error) {
        error.setStackTrace(new StackTraceElement[] { new StackTraceElement("java.net.Socket", "connect", "S.java", 1) });
        return error;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** H2 reads a BLOB column as a Blob, the others as bytes. */
    static byte[] bytesOf(Map<String, Object> row) {
        Object payload = row.get("payload");
        try {
            return payload instanceof java.sql.Blob blob ? blob.getBytes(1, (int) blob.length()) : (byte[]) payload;
        }
        catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
