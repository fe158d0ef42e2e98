package org.reliablemessaging.testservices;

import java.util.Locale;

/**
 * Which real services the integration tests talk to, chosen by {@code RM_TEST_SERVICES}.
 */
public enum TestServiceMode {

    /** The servers already running on this machine, and one Kafka broker inside the test JVM. */
    LOCAL,

    /** Testcontainers: one container per engine and JVM, which needs a Docker engine. */
    CONTAINERS;

    static final String VARIABLE = "RM_TEST_SERVICES";

    static final String PROPERTY = "rm.test.services";

    /**
     * The mode asked for by the environment variable {@code RM_TEST_SERVICES}, or failing that the system
     * property {@code rm.test.services}: {@code local} means {@link #LOCAL}, anything else or nothing
     * {@link #CONTAINERS}.
     */
    public static TestServiceMode current() {
        String value = System.getenv(VARIABLE);
        if (value == null || value.isBlank()) {
            value = System.getProperty(PROPERTY, "");
        }
        return value.strip().toLowerCase(Locale.ROOT).equals("local") ? LOCAL : CONTAINERS;
    }
}
