package org.reliablemessaging.console;

/**
 * What an action did.
 *
 * @param action its name in the audit
 * @param changed how many rows it changed
 * @param auditId its audit entry
 */
public record ActionResult(String action, long changed, long auditId) {
}
