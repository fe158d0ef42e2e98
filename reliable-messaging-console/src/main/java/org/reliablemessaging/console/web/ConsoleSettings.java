package org.reliablemessaging.console.web;

import org.reliablemessaging.console.PageLimits;

/**
 * What the controllers need of the configuration.
 *
 * @param limits page sizes
 * @param allowAnonymousWrites whether writes are allowed without an authenticated user
 * @param editEnabled whether edit-and-replay is allowed
 */
public record ConsoleSettings(PageLimits limits, boolean allowAnonymousWrites, boolean editEnabled) {
}
