/**
 * The messages the order service exchanges with the inventory service and sends itself.
 */
@NullMarked
package org.reliablemessaging.sample.order.messages;

import org.jspecify.annotations.NullMarked;
