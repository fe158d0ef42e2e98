package org.reliablemessaging.file;

import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.BrokerHealth;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP while the file broker serves requests; DOWN, with the reason, while it refuses writes (a full disk, say),
 * has failed, is closed or, for a broker in another process, cannot be reached.
 */
public final class FileBrokerHealthIndicator extends AbstractHealthIndicator {

    private final BrokerClient broker;

    private final String where;

    /** @param where the broker's directory or address, shown in the details */
    public FileBrokerHealthIndicator(BrokerClient broker, String where) {
        super("File broker health check failed");
        this.broker = broker;
        this.where = where;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BrokerHealth health = broker.health();
        builder.status(health.status() == BrokerHealth.Status.RUNNING ? "UP" : "DOWN")
            .withDetail("broker", where)
            .withDetail("state", health.status().name());
        if (!health.detail().isEmpty()) {
            builder.withDetail("reason", health.detail());
        }
    }
}
