package org.reliablemessaging.sample.order;

import org.reliablemessaging.testservices.UniqueKafkaTopics;

/** Gives a test's order service topics of its own, deleted when its context closes. */
class OrderTestTopics extends UniqueKafkaTopics {

    OrderTestTopics() {
        super("orders.topic", "orders.stock-topic", "orders.deadline-topic");
    }
}
