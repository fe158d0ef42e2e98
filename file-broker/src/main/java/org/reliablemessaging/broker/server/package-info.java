/**
 * The file broker as a server process: its command line, the TCP server, and the connections whose requests
 * it carries out.
 */
@NullMarked
package org.reliablemessaging.broker.server;

import org.jspecify.annotations.NullMarked;
