package org.reliablemessaging.testservices;

/**
 * A database server and the administrative account that creates the tests' schemas and databases on it.
 */
record DatabaseServer(String host, int port, String username, String password) {
}
