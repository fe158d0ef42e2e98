package org.reliablemessaging.broker;

/**
 * A group member whose session expires when it stays silent for its session timeout, for members
 * that live in another process (the TCP server creates one per remote member) and may vanish
 * without closing. {@link #poll}, {@link #commit}, {@link #release} and {@link #heartbeat} all keep the
 * session alive; once it expired, every call throws {@link MembershipEndedException}.
 */
public interface ExpiringGroupConsumer extends GroupConsumer {

    /** Keeps the session alive without polling. */
    void heartbeat();
}
