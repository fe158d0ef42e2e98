/**
 * The inventory's REST API and its problem bodies.
 */
@NullMarked
package org.reliablemessaging.sample.inventory.web;

import org.jspecify.annotations.NullMarked;
