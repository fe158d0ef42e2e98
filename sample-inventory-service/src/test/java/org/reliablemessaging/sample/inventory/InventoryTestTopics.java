package org.reliablemessaging.sample.inventory;

import org.reliablemessaging.testservices.UniqueKafkaTopics;

/** Gives a test's inventory service topics of its own, deleted when its context closes. */
class InventoryTestTopics extends UniqueKafkaTopics {

    InventoryTestTopics() {
        super("inventory.orders-topic", "inventory.stock-topic");
    }
}
