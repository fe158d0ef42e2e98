/**
 * The sample order service: takes orders over REST and follows them through the inventory's replies, every
 * change with its messages in one transaction.
 */
@NullMarked
package org.reliablemessaging.sample.order;

import org.jspecify.annotations.NullMarked;
