/**
 * The RabbitMQ transport: the topology of topics and consumer-group queues, sending with publisher confirms
 * and consuming with acks after handling.
 */
@NullMarked
package org.reliablemessaging.rabbit;

import org.jspecify.annotations.NullMarked;
