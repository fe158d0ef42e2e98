package org.reliablemessaging.testservices;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Names that no other test, in this JVM or an earlier run on the same servers, has used.
 */
public final class TestNames {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static final int SUFFIX_LENGTH = 8;

    private TestNames() {
    }

    /**
     * {@code prefix-} and 8 random lowercase letters and digits, fit for a Kafka topic, a RabbitMQ
     * exchange or queue, or a Redis key prefix.
     */
    public static String unique(String prefix) {
        return prefix + "-" + randomSuffix();
    }

    /**
     * {@code prefix_} and 8 random lowercase letters and digits: an SQL identifier when the prefix is one.
     */
    public static String identifier(String prefix) {
        return prefix + "_" + randomSuffix();
    }

    private static String randomSuffix() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }
}
