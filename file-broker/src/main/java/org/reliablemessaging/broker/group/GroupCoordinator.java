package org.reliablemessaging.broker.group;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.ExpiringGroupConsumer;
import org.reliablemessaging.broker.storage.Log;

/** The consumer groups of a broker; groups exist from their first member's join. */
public final class GroupCoordinator {

    private final Log log;
    private final Duration revokeTimeout;
    private final ScheduledExecutorService timers;
    private final Map<String, ConsumerGroup> groups = new ConcurrentHashMap<>();

    /**
     * @param revokeTimeout how long an owner may keep a revoked partition before it is taken
     * @param timers runs revocation and session deadlines
     */
    public GroupCoordinator(Log log, Duration revokeTimeout, ScheduledExecutorService timers) {
        this.log = log;
        this.revokeTimeout = revokeTimeout;
        this.timers = timers;
    }

    /**
     * Adds a member to {@code group} for {@code topics}, which must exist.
     *
     * @param sessionTimeout how long the member may stay silent before it is removed, or {@code null} for a
     *        member that stays until closed
     */
    public ExpiringGroupConsumer join(String group, Set<String> topics, @Nullable Duration sessionTimeout) {
        ConsumerGroup consumerGroup = groups.computeIfAbsent(group,
                name -> new ConsumerGroup(name, log, revokeTimeout, timers));
        return new GroupMember(consumerGroup, consumerGroup.join(topics, sessionTimeout), log);
    }

    /** Removes every member of every group, waking their polls. */
    public void closeAll() {
        groups.values().forEach(group -> group.closeAll("the broker closed"));
    }
}
