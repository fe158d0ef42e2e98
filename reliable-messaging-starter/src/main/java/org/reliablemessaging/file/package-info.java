/**
 * The file-broker transport: sending outbox messages to the file broker and consuming them from it.
 */
@NullMarked
package org.reliablemessaging.file;

import org.jspecify.annotations.NullMarked;
