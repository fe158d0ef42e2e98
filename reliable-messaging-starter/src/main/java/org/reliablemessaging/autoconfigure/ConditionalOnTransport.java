package org.reliablemessaging.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.reliablemessaging.autoconfigure.ReliableMessagingProperties.Transport;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code reliable-messaging.transport} selects the given transport, or when it is unset
 * and the given transport is the only one on the classpath.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnTransportCondition.class)
public @interface ConditionalOnTransport {

    /** The transport the annotated configuration provides. */
    Transport value();
}
