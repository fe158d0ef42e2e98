/**
 * The messages the inventory service exchanges with the order service.
 */
@NullMarked
package org.reliablemessaging.sample.inventory.messages;

import org.jspecify.annotations.NullMarked;
