package org.reliablemessaging.broker.client;

/** Test access to a client's connection. */
public final class Connections {

    private Connections() {
    }

    /** Drops the client's connection at once, as a network failure or a killed peer would. */
    public static void cut(RemoteBroker client) {
        client.connection().close();
    }
}
