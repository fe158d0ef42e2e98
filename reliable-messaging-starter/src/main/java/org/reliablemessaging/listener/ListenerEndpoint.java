package org.reliablemessaging.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.MessageContext;
import org.reliablemessaging.Ordering;
import org.reliablemessaging.ReliableListener.Idempotency;
import org.springframework.util.backoff.BackOff;

/**
 * One {@code @ReliableListener} method, validated, with its settings resolved against the defaults.
 *
 * @param bean the bean the method belongs to
 * @param method the method
 * @param topic the topic
 * @param group the consumer group
 * @param ordering how messages are ordered
 * @param concurrency most messages handled at once
 * @param idempotency the idempotency store as declared ({@code DEFAULT}: the configured one)
 * @param maxAttempts attempts before dead-lettering
 * @param backoff waits between attempts
 * @param nonRetryable exceptions dead-lettered at once
 * @param deadLetterExpired whether a message is dead-lettered rather than handled once its
 *        {@code rm-expires-at} has passed
 * @param payloadType the type of the payload parameter
 * @param payloadIndex the position of the payload parameter
 * @param contextIndex the position of the {@link MessageContext} parameter, {@code -1} if none
 */
record ListenerEndpoint(Object bean, Method method, String topic, String group, Ordering ordering, int concurrency,
        Idempotency idempotency, int maxAttempts, BackOff backoff, List<Class<? extends Throwable>> nonRetryable,
        boolean deadLetterExpired, Class<?> payloadType, int payloadIndex, int contextIndex) {

    ListenerEndpoint {
        nonRetryable = List.copyOf(nonRetryable);
    }

    /** The method as {@code Class.method(Params)}, for messages about it. */
    String describe() {
        return describe(method);
    }

    static String describe(Method method) {
        StringBuilder text = new StringBuilder(method.getDeclaringClass().getName()).append('.').append(method.getName())
            .append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return text.append(')').toString();
    }

    /**
     * Calls the method with the payload and context.
     * @throws Throwable whatever the method threw
     */
    void invoke(Object payload, MessageContext context) throws Throwable {
        Object[] args = new Object[method.getParameterCount()];
        args[payloadIndex] = payload;
        if (contextIndex >= 0) {
            args[contextIndex] = context;
        }
        try {
            method.invoke(bean, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
    }

    /** Whether {@code error} is dead-lettered without retries. */
    boolean isNonRetryable(@Nullable Throwable error) {
        return error != null && nonRetryable.stream().anyMatch(type -> type.isInstance(error));
    }
}
