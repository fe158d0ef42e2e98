/**
 * The transport SPI between the product and a broker: what a transport sends and receives, and the hooks for
 * guards and dead letters.
 */
@NullMarked
package org.reliablemessaging.spi;

import org.jspecify.annotations.NullMarked;
