package org.reliablemessaging.sample.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the inventory service ({@code inventory.*}); their defaults are in {@code application.yml},
 * where the listener's {@code ${...}} placeholders find them too.
 *
 * @param ordersTopic where the order service's events arrive, keyed by SKU
 * @param stockTopic where this service answers ({@code StockReserved}, {@code StockRejected}), keyed by SKU
 * @param group this service's consumer group
 * @param unknownSku what an order for a SKU the inventory does not stock gets: an answer that rejects it
 *        ({@code reject}, the default), or, as a refusal for good that an operator must look at, a dead letter
 *        ({@code dead-letter}: the demo leaves a few for its console)
 */
@ConfigurationProperties("inventory")
public record InventoryProperties(String ordersTopic, String stockTopic, String group, UnknownSku unknownSku) {

    /** What an order for a SKU the inventory does not stock gets. */
    public enum UnknownSku {

        /** A {@code StockRejected} answer: the order is rejected. */
        REJECT,

        /** A dead letter: no answer, the order waits until an operator acts (or its payment deadline). */
        DEAD_LETTER
    }
}
