/**
 * The stored orders and the rules by which their status moves.
 */
@NullMarked
package org.reliablemessaging.sample.order.domain;

import org.jspecify.annotations.NullMarked;
