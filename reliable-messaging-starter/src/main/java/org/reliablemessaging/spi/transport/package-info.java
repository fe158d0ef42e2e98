/**
 * The transport SPI between the product and a broker: what a transport sends for the relay and receives for
 * listeners.
 */
@NullMarked
package org.reliablemessaging.spi.transport;

import org.jspecify.annotations.NullMarked;
