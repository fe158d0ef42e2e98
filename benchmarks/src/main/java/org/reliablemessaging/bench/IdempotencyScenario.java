package org.reliablemessaging.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.reliablemessaging.MessageContext;
import org.reliablemessaging.ReliableListener;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Scenario 5: the same listener workload with no idempotency guard, the JDBC guard (PostgreSQL) and
 * the Redis guard (Redisson), chosen by {@code reliable-messaging.idempotency.store}.
 */
final class IdempotencyScenario implements Scenario {

    @Override
    public String name() {
        return "idempotency";
    }

    @Override
    public void run(Harness harness) throws Exception {
        Options options = harness.options;
        int messages = options.intValue("idempotency.messages", 20_000, 3_000);
        int keys = 1000;
        Section section = harness.section("idempotency", "5. Idempotency guard overhead",
                String.format(Locale.ROOT, "%,d messages pre-filled on a 1-partition Kafka topic, %d keys, a handler that "
                        + "does nothing; `@ReliableListener` with defaults (KEY ordering, concurrency 16, max in flight "
                        + "1000) and `reliable-messaging.idempotency.store` = none, jdbc (PostgreSQL, the processed-message "
                        + "row in the handler's transaction; Hikari pool 20), jdbc batched (the same, messages ready together in one transaction: `reliable-messaging.idempotency.batch.enabled`, "
                        + "max 32, 2 threads) or redis (Redisson, local Redis). Time: "
                        + "first handler start to last handler end.", messages, keys));
        long[] noWork = new long[messages];
        try (Postgres database = Postgres.newSchema("bench_guard")) {
            for (String variant : new String[] {"none", "jdbc", "jdbc batched", "redis"}) {
                String store = variant.split(" ")[0];
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("reliable-messaging.idempotency.store", store);
                extra.put("reliable-messaging.idempotency.batch.enabled", String.valueOf(variant.endsWith("batched")));
                extra.put("reliable-messaging.idempotency.redis-key-prefix", "bench:" + System.nanoTime() + ":");
                extra.put("spring.data.redis.host", "127.0.0.1");
                extra.put("spring.data.redis.port", System.getProperty("bench.redis.port", "6379"));
                extra.put("reliable-messaging.idempotency.retention", "1h");
                harness.measure("guard " + variant, String.format(Locale.ROOT, "%,d msgs, %d keys", messages, keys),
                        warmup -> {
                            RunResult result = OrderedListenerScenario.ours(database, messages, keys, noWork, GuardedApp.class,
                                    extra);
                            result.extra().keySet().retainAll(java.util.Set.of("out of order"));
                            return result;
                        });
            }
        }
        section.throughputRatio("jdbc / none", "guard jdbc", "guard none");
        Double batched = section.throughputRatio("jdbc batched / jdbc", "guard jdbc batched", "guard jdbc");
        if (batched != null) {
            section.targets.add(Section.Target.check("JDBC guard in batches ≥ 4× the JDBC guard of one transaction per "
                    + "message (same run)", String.format(Locale.ROOT, "%.2f×", batched), batched >= 4));
        }
        section.throughputRatio("redis / none", "guard redis", "guard none");
        section.note("The runs' Redis keys (prefix `bench:`) expire after the 1 h retention set for them.");
    }

    static class GuardedListener {

        @ReliableListener(topic = "${bench.topic}", group = "${bench.group}")
        void on(byte[] payload, MessageContext context) {
            OrderedListenerScenario.handOver(payload, context);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(GuardedListener.class)
    static class GuardedApp {
    }
}
