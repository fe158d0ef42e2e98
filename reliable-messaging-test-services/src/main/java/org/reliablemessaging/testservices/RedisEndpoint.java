package org.reliablemessaging.testservices;

/**
 * Where the tests' Redis server answers; it asks for no password.
 */
public record RedisEndpoint(String host, int port) {
}
