/**
 * The Kafka transport: the relay's producer with broker confirms and the consumer groups' sources with
 * offsets committed after handling.
 */
@NullMarked
package org.reliablemessaging.kafka;

import org.jspecify.annotations.NullMarked;
