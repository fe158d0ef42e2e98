package org.reliablemessaging.console.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.reliablemessaging.console.PayloadMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the operations API and console.
 */
@ConfigurationProperties("reliable-messaging.console")
public class ConsoleProperties {

    /**
     * Whether to serve the operations API and console.
     */
    private boolean enabled;

    /**
     * Base path of the console; the API is under {@code <path>/api}.
     */
    private String path = "/messaging";

    /**
     * Page size of lists without a limit.
     */
    private int defaultPageSize = 50;

    /**
     * Largest page size, and the most ids one action may list.
     */
    private int maxPageSize = 500;

    /**
     * Rows changed per transaction by a bulk action.
     */
    private int batchSize = 500;

    /**
     * Whether to allow writes without Spring Security, as "anonymous"; only behind a network you trust.
     */
    private boolean allowAnonymousWrites;

    /**
     * How payloads of topics not listed in "payload" are shown.
     */
    private PayloadMode defaultPayload = PayloadMode.FULL;

    /**
     * How payloads are shown, per topic: full, masked (JSON values replaced, keys kept) or hidden.
     */
    private Map<String, PayloadMode> payload = new HashMap<>();

    private final Security security = new Security();

    private final Edit edit = new Edit();

    private final Metrics metrics = new Metrics();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public int getDefaultPageSize() {
        return defaultPageSize;
    }

    public void setDefaultPageSize(int defaultPageSize) {
        this.defaultPageSize = defaultPageSize;
    }

    public int getMaxPageSize() {
        return maxPageSize;
    }

    public void setMaxPageSize(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public boolean isAllowAnonymousWrites() {
        return allowAnonymousWrites;
    }

    public void setAllowAnonymousWrites(boolean allowAnonymousWrites) {
        this.allowAnonymousWrites = allowAnonymousWrites;
    }

    public PayloadMode getDefaultPayload() {
        return defaultPayload;
    }

    public void setDefaultPayload(PayloadMode defaultPayload) {
        this.defaultPayload = defaultPayload;
    }

    public Map<String, PayloadMode> getPayload() {
        return payload;
    }

    public void setPayload(Map<String, PayloadMode> payload) {
        this.payload = payload;
    }

    public Security getSecurity() {
        return security;
    }

    public Edit getEdit() {
        return edit;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    /** The roles of the console, with Spring Security. */
    public static class Security {

        /**
         * Role that may read (without the ROLE_ prefix).
         */
        private String readRole = "MESSAGING_READ";

        /**
         * Role that may read and act (without the ROLE_ prefix).
         */
        private String operateRole = "MESSAGING_OPERATE";

        public String getReadRole() {
            return readRole;
        }

        public void setReadRole(String readRole) {
            this.readRole = readRole;
        }

        public String getOperateRole() {
            return operateRole;
        }

        public void setOperateRole(String operateRole) {
            this.operateRole = operateRole;
        }
    }

    /** Edit and replay of dead letters. */
    public static class Edit {

        /**
         * Whether to allow replaying a dead letter with an edited payload.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The console's gauges. */
    public static class Metrics {

        /**
         * Whether to register the gauges of dead letters, the outbox and held keys (with Micrometer).
         */
        private boolean enabled = true;

        /**
         * How often the gauges are read from the database.
         */
        private Duration refresh = Duration.ofSeconds(30);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getRefresh() {
            return refresh;
        }

        public void setRefresh(Duration refresh) {
            this.refresh = refresh;
        }
    }
}
