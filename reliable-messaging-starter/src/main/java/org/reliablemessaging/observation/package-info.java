/**
 * Micrometer observations of publishes and listener attempts, with their default conventions.
 */
@NullMarked
package org.reliablemessaging.observation;

import org.jspecify.annotations.NullMarked;
