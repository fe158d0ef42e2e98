/**
 * The inventory's stored state: the stock of each SKU and what was decided for each order.
 */
@NullMarked
package org.reliablemessaging.sample.inventory.domain;

import org.jspecify.annotations.NullMarked;
