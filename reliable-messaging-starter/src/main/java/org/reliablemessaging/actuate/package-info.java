/**
 * The Actuator endpoint that lists, replays and skips dead letters.
 */
@NullMarked
package org.reliablemessaging.actuate;

import org.jspecify.annotations.NullMarked;
