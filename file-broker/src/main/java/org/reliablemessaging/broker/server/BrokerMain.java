package org.reliablemessaging.broker.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.embedded.FileBroker;

/**
 * Runs a file broker as a server process: {@code java -jar file-broker.jar --dir DIR ...}; see
 * {@link BrokerArguments#USAGE}. Prints one line when it listens, and closes cleanly on SIGTERM.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Starts the broker and, once it listens, blocks until the JVM halts; returns only with --help or a failure. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        BrokerArguments arguments;
        ServerConfig serverConfig;
        try {
            arguments = BrokerArguments.parse(args, System.getenv());
            if (arguments.help()) {
                out.print(BrokerArguments.USAGE);
                return 0;
            }
            serverConfig = ServerConfig.defaults()
                    .withAddress(InetAddress.getByName(arguments.bind()), arguments.port())
                    .withToken(arguments.token());
        }
        catch (IllegalArgumentException | UnknownHostException ex) {
            err.println("file-broker: " + ex.getMessage());
            err.print(BrokerArguments.USAGE);
            return 2;
        }
        Path directory = Objects.requireNonNull(arguments.directory(), "parsing requires --dir unless --help is given");
        BrokerConfig brokerConfig = BrokerConfig.defaults(directory).withDurability(arguments.durability());
        FileBroker broker;
        try {
            broker = FileBroker.open(brokerConfig);
        }
        catch (BrokerException ex) {
            err.println("file-broker: cannot open " + directory + ": " + ex.getMessage());
            return 1;
        }
        BrokerServer server;
        try {
            server = BrokerServer.start(broker, serverConfig.withTimeouts(serverConfig.handshakeTimeout(),
                    serverConfig.idleTimeout(), brokerConfig.sessionTimeout()));
        }
        catch (IOException ex) {
            broker.close();
            err.println("file-broker: cannot listen on " + arguments.bind() + ":" + arguments.port() + ": " + ex.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            broker.close();
            // java.util.logging resets itself in its own shutdown hook, so this line goes out directly
            err.println("file-broker closed dir=" + arguments.directory());
        }, "file-broker-shutdown"));
        out.println("file-broker listening on " + arguments.bind() + ":" + server.port() + " dir=" + arguments.directory());
        out.flush();
        // blocks until the JVM halts: only SIGTERM (or SIGINT) and the shutdown hook end a running broker
        while (true) {
            try {
                Thread.currentThread().join();
            }
            catch (InterruptedException ex) {
                Thread.interrupted();
            }
        }
    }
}
