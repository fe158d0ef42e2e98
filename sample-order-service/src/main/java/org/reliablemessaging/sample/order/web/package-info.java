/**
 * The orders' REST API and its problem bodies.
 */
@NullMarked
package org.reliablemessaging.sample.order.web;

import org.jspecify.annotations.NullMarked;
