/**
 * The driver of {@code bin/demo} and {@code bin/chaos}: the sample services as processes of their own,
 * customers placing orders over HTTP, faults injected while they do, and the books of both services
 * checked against each other.
 */
@NullMarked
package org.reliablemessaging.demo;

import org.jspecify.annotations.NullMarked;
