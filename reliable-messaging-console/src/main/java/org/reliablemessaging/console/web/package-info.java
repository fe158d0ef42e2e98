/**
 * The HTTP side of the operations API: controllers, RFC 9457 problems, who is acting.
 */
@NullMarked
package org.reliablemessaging.console.web;

import org.jspecify.annotations.NullMarked;
