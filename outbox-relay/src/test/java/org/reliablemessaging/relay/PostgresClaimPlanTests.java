package org.reliablemessaging.relay;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's claim on PostgreSQL walks the pending index in id order and stops at its limit, even
 * when the planner's statistics know nothing of the backlog, as on a table never analyzed.
 */
class PostgresClaimPlanTests {

    @Test
    void aBacklogOnATableNeverAnalyzedIsClaimedWithoutSortingIt() {
        try (OutboxTestDatabase db = new OutboxTestDatabase(TestDatabases.postgres())) {
            ReliablePublisher publisher = db.publisher();
            String payload = "x".repeat(1024);
            db.inTransaction(() -> {
                IntStream.range(0, 3000).forEach(i -> publisher.publish("t", "k" + (i % 100), payload));
                return null;
            });
            RelayOutboxStore store = new RelayOutboxStore(db.database, new KeyHolds(db.database, true), true);

            for (List<Long> inFlight : List.of(List.<Long>of(), List.of(1L, 2L, 3L))) {
                RelayOutboxStore.ClaimQuery query = store.claimQuery(Set.of(0, 1), 4, Instant.now(), 500, inFlight);
                List<String> plan = db.transaction.execute(status -> {
                    db.jdbc.execute(Objects.requireNonNull(RelayOutboxStore.beforeClaim(db.dialect)));
                    return new NamedParameterJdbcTemplate(db.jdbc).queryForList("EXPLAIN " + query.sql(),
                            query.parameters(), String.class);
                });

                assertThat(plan).as(String.join("\n", plan))
                    .noneMatch(line -> line.contains("Sort"))
                    .anyMatch(line -> line.contains("Index Scan using " + db.tables.outbox() + "_pending_ix"));
            }
            assertThat(store.claim(Set.of(0, 1, 2, 3), 4, Instant.now(), 500, List.of())).hasSize(500);
        }
    }

    @Test
    void theClaimIsPlannedForItsOwnInFlightIdsAndOnlyInItsTransaction() {
        try (OutboxTestDatabase db = new OutboxTestDatabase(TestDatabases.postgres())) {
            String inClaim = db.transaction.execute(status -> {
                db.jdbc.execute(Objects.requireNonNull(RelayOutboxStore.beforeClaim(db.dialect)));
                return db.jdbc.queryForObject("SHOW plan_cache_mode", String.class);
            });
            assertThat(inClaim).isEqualTo("force_custom_plan");
            assertThat(db.jdbc.queryForObject("SHOW plan_cache_mode", String.class)).isEqualTo("auto");
        }
    }
}
