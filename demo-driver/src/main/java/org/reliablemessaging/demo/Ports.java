package org.reliablemessaging.demo;

import java.io.IOException;
import java.net.ServerSocket;

/** TCP ports of 127.0.0.1 for the processes the driver starts. */
final class Ports {

    private Ports() {
    }

    /** A port nothing listens on now. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new DemoFailed("no free port: " + ex.getMessage());
        }
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
