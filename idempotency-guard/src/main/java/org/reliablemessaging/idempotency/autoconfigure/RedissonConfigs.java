package org.reliablemessaging.idempotency.autoconfigure;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.SentinelServersConfig;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Sentinel;
import org.springframework.boot.ssl.SslBundle;

/**
 * Redisson settings from Spring Boot's Redis connection details: a standalone server, Sentinel or a
 * cluster, with credentials and SSL.
 */
final class RedissonConfigs {

    private RedissonConfigs() {
    }

    static Config from(DataRedisConnectionDetails details) {
        Config config = new Config();
        SslBundle ssl = details.getSslBundle();
        String scheme = ssl != null ? "rediss://" : "redis://";
        Sentinel sentinel = details.getSentinel();
        if (details.getMasterReplica() != null) {
            throw new IllegalStateException("Redisson cannot be set up from a static master/replica Redis "
                    + "configuration: define a RedissonClient bean for the idempotency guard.");
        }
        if (sentinel != null) {
            SentinelServersConfig servers = config.useSentinelServers()
                .setMasterName(sentinel.getMaster())
                .setDatabase(sentinel.getDatabase())
                .setSentinelUsername(sentinel.getUsername())
                .setSentinelPassword(sentinel.getPassword())
                .addSentinelAddress(addresses(scheme, sentinel.getNodes()));
            secure(servers, details, ssl);
        }
        else if (details.getCluster() != null) {
            secure(config.useClusterServers().addNodeAddress(addresses(scheme, details.getCluster().getNodes())),
                    details, ssl);
        }
        else {
            DataRedisConnectionDetails.Standalone standalone = Objects.requireNonNull(details.getStandalone(),
                    "the Redis connection details name no standalone server, sentinel or cluster");
            secure(config.useSingleServer()
                .setAddress(address(scheme, new Node(standalone.getHost(), standalone.getPort())))
                .setDatabase(standalone.getDatabase()), details, ssl);
        }
        return config;
    }

    private static void secure(BaseConfig<?> servers, DataRedisConnectionDetails details, @Nullable SslBundle ssl) {
        servers.setUsername(details.getUsername());
        servers.setPassword(details.getPassword());
        if (ssl != null) {
            servers.setSslTrustManagerFactory(ssl.getManagers().getTrustManagerFactory());
            servers.setSslKeyManagerFactory(ssl.getManagers().getKeyManagerFactory());
        }
    }

    private static String[] addresses(String scheme, List<Node> nodes) {
        return nodes.stream().map(node -> address(scheme, node)).toArray(String[]::new);
    }

    private static String address(String scheme, Node node) {
        String host = node.host().contains(":") ? "[" + node.host() + "]" : node.host();
        return scheme + host + ":" + node.port();
    }
}
