package org.reliablemessaging.listener;

import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.ReliableListener.Idempotency;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyGuardsTests {

    private static final IdempotencyGuard DATABASE = (group, id, work) -> true;

    private static final IdempotencyGuard REDIS = (group, id, work) -> false;

    static class Listeners {

        @ReliableListener(topic = "orders", group = "by-default")
        void byDefault(String payload) {
        }

        @ReliableListener(topic = "orders", group = "database", idempotent = Idempotency.DATABASE)
        void database(String payload) {
        }

        @SuppressWarnings("deprecation")
        @ReliableListener(topic = "orders", group = "jdbc", idempotent = Idempotency.JDBC)
        void jdbc(String payload) {
        }

        @ReliableListener(topic = "orders", group = "redis", idempotent = Idempotency.REDIS)
        void redis(String payload) {
        }
    }

    @Test
    void aListenerWithTheDefaultUsesTheConfiguredStoreElseTheDatabaseGuardIfThereIsOne() {
        assertThat(guards(Idempotency.REDIS, DATABASE, REDIS).of(endpoint("byDefault"))).isSameAs(REDIS);
        assertThat(guards(null, DATABASE, REDIS).of(endpoint("byDefault"))).isSameAs(DATABASE);
        assertThat(guards(null, null, REDIS).of(endpoint("byDefault"))).isNull();
        assertThat(guards(Idempotency.NONE, DATABASE, REDIS).of(endpoint("byDefault"))).isNull();
    }

    @Test
    void theDeprecatedJdbcStoreIsTheDatabaseOne() {
        assertThat(guards(null, DATABASE, REDIS).of(endpoint("jdbc"))).isSameAs(DATABASE);
        assertThat(guards(null, DATABASE, REDIS).of(endpoint("database"))).isSameAs(DATABASE);
    }

    @Test
    void aListenerNamingAGuardTheApplicationLacksIsMisdeclared() {
        assertThatThrownBy(() -> guards(null, DATABASE, null).of(endpoint("redis")))
            .isInstanceOf(ListenerDeclarationException.class)
            .hasMessageContaining("IdempotencyGuardsTests$Listeners.redis(String)")
            .hasMessageContaining("wants idempotency REDIS");
    }

    private static IdempotencyGuards guards(@Nullable Idempotency configured, @Nullable IdempotencyGuard database,
            @Nullable IdempotencyGuard redis) {
        Map<Idempotency, IdempotencyGuard> available = new EnumMap<>(Idempotency.class);
        if (database != null) {
            available.put(Idempotency.DATABASE, database);
        }
        if (redis != null) {
            available.put(Idempotency.REDIS, redis);
        }
        return new IdempotencyGuards(configured, available::get);
    }

    private static ListenerEndpoint endpoint(String name) {
        Method method = ReflectionUtils.findMethod(Listeners.class, name, String.class);
        return new ListenerEndpointFactory(new ReliableMessagingProperties.Listener().toSettings()).create(new Listeners(),
                method, method.getAnnotation(ReliableListener.class), text -> text);
    }
}
