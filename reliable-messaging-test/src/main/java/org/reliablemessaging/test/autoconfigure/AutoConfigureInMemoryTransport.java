package org.reliablemessaging.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * On a test class: the application's messages go through an in-memory broker instead of Kafka, RabbitMQ or the
 * file broker, with the same outbox, relay, listeners, retries and dead letters. The configuration it imports is
 * listed in {@code META-INF/spring/org.reliablemessaging.test.autoconfigure.AutoConfigureInMemoryTransport.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureInMemoryTransport {
}
