package org.reliablemessaging.testservices;

/**
 * Where the tests' RabbitMQ broker answers AMQP, and the account to use on it.
 */
public record RabbitEndpoint(String host, int port, String username, String password, String virtualHost) {
}
