/**
 * Auto-configuration of the operations API, its security and its gauges.
 */
@NullMarked
package org.reliablemessaging.console.autoconfigure;

import org.jspecify.annotations.NullMarked;
