package org.reliablemessaging.listener;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.ReliableListener.Idempotency;
import org.reliablemessaging.spi.IdempotencyGuard;

/**
 * The idempotency guards the application offers listeners, and the one a listener uses unless it
 * names one.
 *
 * @param configured the store of listeners declared with {@code DEFAULT}; {@code null} for the
 *        database guard if there is one, else none
 * @param lookup the guard of the {@code DATABASE} or {@code REDIS} store, {@code null} if the
 *        application has none
 */
public record IdempotencyGuards(@Nullable Idempotency configured, Function<Idempotency, @Nullable IdempotencyGuard> lookup) {

    /** No guards: listeners declared with {@code DEFAULT} handle every delivery. */
    public static final IdempotencyGuards NONE = new IdempotencyGuards(null, store -> null);

    /**
     * The guard of {@code endpoint}, {@code null} when it records nothing.
     * @throws ListenerDeclarationException if it wants a guard the application does not have
     */
    @Nullable IdempotencyGuard of(ListenerEndpoint endpoint) {
        Idempotency store = storeOf(endpoint.idempotency());
        if (store == Idempotency.NONE) {
            return null;
        }
        IdempotencyGuard guard = lookup.apply(store);
        if (guard == null) {
            throw new ListenerDeclarationException("@ReliableListener " + endpoint.describe() + " wants idempotency "
                    + store + " but the application has no such guard: add the idempotency-guard module"
                    + (store == Idempotency.REDIS ? " and Redisson" : " and a DataSource")
                    + ", or set idempotent = NONE on the listener");
        }
        return guard;
    }

    @SuppressWarnings("deprecation")
    private Idempotency storeOf(Idempotency declared) {
        Idempotency store = declared == Idempotency.DEFAULT ? configured : declared;
        if (store == null || store == Idempotency.DEFAULT) {
            return lookup.apply(Idempotency.DATABASE) != null ? Idempotency.DATABASE : Idempotency.NONE;
        }
        return store == Idempotency.JDBC ? Idempotency.DATABASE : store;
    }
}
