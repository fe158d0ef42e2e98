package org.reliablemessaging.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** TCP ports of 127.0.0.1 for the processes the driver starts. */
final class Ports {

    private Ports() {
    }

    /**
     * Every port handed out or claimed: a process binds its port only when it starts, and the system may offer
     * the same free port again meanwhile (a Kafka node's listener and a service once got the same one).
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A port nothing listens on now and that was not handed out before. */
    static int free() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (claim(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
            catch (IOException ex) {
                throw new DemoFailed("no free port: " + ex.getMessage());
            }
        }
    }

    /** Records a port chosen elsewhere (a proxy's); false if it was handed out already. */
    static boolean claim(int port) {
        return HANDED_OUT.add(port);
    }

    /** The given port, which must be free; else the usual one if it is free, or else any free one. */
    static int chosen(String option, String given) {
        int port = Options.number(option, given);
        if (!isFree(port)) {
            throw new DemoFailed("port " + port + " (--" + option + ") is taken");
        }
        return port;
    }

    /** The usual port if it is free, or else any free one. */
    static int usualOrFree(int usual) {
        return isFree(usual) ? usual : free();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return socket.isBound();
        }
        catch (IOException ex) {
            return false;
        }
    }
}
