package org.reliablemessaging.broker.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.Durability;

/**
 * The command line of {@link BrokerMain}, parsed.
 *
 * @param directory the data directory; {@code null} only when {@code help} is set
 * @param port the port, 0 for any free one
 * @param bind the address to listen on
 * @param token the token clients must present, or {@code null}
 * @param durability when publishes are acknowledged
 * @param help whether only the usage was asked for
 */
public record BrokerArguments(@Nullable Path directory, int port, String bind, @Nullable String token,
        Durability durability, boolean help) {

    /** The environment variable the token may come from, which keeps it out of the process list. */
    public static final String TOKEN_VARIABLE = "RM_BROKER_TOKEN";

    public static final String USAGE = """
            usage: java -jar file-broker.jar --dir DIR [--port N] [--bind ADDR] [--token T]
                                             [--durability sync|interval|interval(Nms)|none] [--help]
              --dir DIR         data directory, owned by this broker while it runs (required)
              --port N          TCP port, 0 for any free one (default 7420)
              --bind ADDR       address to listen on (default 127.0.0.1); any other needs a token
              --token T         secret clients must present; or set RM_BROKER_TOKEN
              --durability D    sync (default): ack after fsync; interval, interval(Nms): fsync every
                                100 ms or N ms; none: leave fsync to the operating system
            """;

    public BrokerArguments {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(bind, "bind");
    }

    /**
     * Parses {@code args}, taking the token from {@code environment} when no {@code --token} is given.
     *
     * @throws IllegalArgumentException saying which argument is wrong
     */
    public static BrokerArguments parse(String[] args, Map<String, String> environment) {
        Path directory = null;
        int port = 7420;
        String bind = "127.0.0.1";
        String token = environment.get(TOKEN_VARIABLE);
        Durability durability = Durability.sync();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return new BrokerArguments(directory, port, bind, token, durability, true);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unknown argument " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--dir" -> directory = Path.of(value);
                case "--port" -> port = port(value);
                case "--bind" -> bind = value;
                case "--token" -> token = value.isEmpty() ? null : value;
                case "--durability" -> durability = Durability.parse(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (directory == null) {
            throw new IllegalArgumentException("--dir is required");
        }
        return new BrokerArguments(directory, port, bind, token != null && token.isEmpty() ? null : token, durability, false);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        }
        catch (NumberFormatException ex) {
            // reported below with the accepted range
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, was '" + value + "'");
    }

    /** The token's presence, never its value. */
    @Override
    public String toString() {
        return "BrokerArguments[dir=" + directory + ", port=" + port + ", bind=" + bind + ", token="
                + (token != null ? "set" : "none") + ", durability=" + durability + ", help=" + help + "]";
    }
}
