/**
 * The sample inventory service: keeps the stock of each SKU and reserves it for the order service's orders,
 * once per event and per SKU in order.
 */
@NullMarked
package org.reliablemessaging.sample.inventory;

import org.jspecify.annotations.NullMarked;
