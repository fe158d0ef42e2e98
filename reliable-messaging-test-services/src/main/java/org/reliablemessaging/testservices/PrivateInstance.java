package org.reliablemessaging.testservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL, MariaDB, Redis or RabbitMQ that a test or the fault-injection harness starts,
 * stops, kills and restarts: the repository's {@code bin/lib/instance} runs it from the installed
 * binaries in a directory of its own, on free ports of 127.0.0.1 (and, for RabbitMQ, under a node name
 * of its own), and signals only the pids it recorded. The machine's own servers are never touched.
 *
 * <p>Uses nothing but the JDK, so that the fault-injection driver (the {@code demo-driver} module) shares it.
 */
public final class PrivateInstance {

    /** The servers it can run; a missing binary fails {@link #start} with the Debian package to install. */
    public enum Kind {
        POSTGRES, MARIADB, REDIS, RABBIT;

        String argument() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final long COMMAND_TIMEOUT_MINUTES = 5;

    private final Kind kind;

    private final Path dir;

    private final Path command;

    private int port;

    private PrivateInstance(Kind kind, Path dir, Path command) {
        this.kind = kind;
        this.dir = dir;
        this.command = command;
    }

    /**
     * Starts a private server of {@code kind} with its data in {@code dir} and waits until it answers.
     * @throws IllegalStateException if it cannot, with what the script said (a missing package, say)
     */
    public static PrivateInstance start(Kind kind, Path dir) {
        PrivateInstance instance = new PrivateInstance(kind, dir.toAbsolutePath(), script());
        instance.start();
        return instance;
    }

    /**
     * Starts a RabbitMQ node with its data in {@code dir} as a member of {@code first}'s cluster (its epmd and
     * Erlang cookie, {@code rabbitmqctl join_cluster}) and waits until it answers; {@link #start()} starts it
     * again later, and it rejoins by itself.
     * @throws IllegalStateException if it cannot start or join, with what the script said
     */
    public static PrivateInstance join(Path dir, PrivateInstance first) {
        PrivateInstance instance = new PrivateInstance(Kind.RABBIT, dir.toAbsolutePath(), script());
        instance.run("join", instance.dir.toString(), first.dir.toString());
        instance.port = Integer.parseInt(instance.run("port", instance.dir.toString()).strip());
        return instance;
    }

    public Kind kind() {
        return kind;
    }

    /** The port on 127.0.0.1 that clients connect to; it stays the same across restarts. */
    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** Starts it again on the same port and data after {@link #stop()} or {@link #kill()}; nothing if it runs. */
    public void start() {
        run("start", kind.argument(), dir.toString());
        port = Integer.parseInt(run("port", dir.toString()).strip());
    }

    /** A graceful stop (PostgreSQL's fast shutdown), forced after 30 seconds; the data stays. */
    public void stop() {
        run("stop", dir.toString());
    }

    /** {@code kill -9} of the server process. */
    public void kill() {
        run("kill", dir.toString());
    }

    /** {@code SIGSTOP} of this RabbitMQ node's Erlang VM: it keeps its sockets open and answers nothing. */
    public void pause() {
        run("pause", dir.toString());
    }

    /** {@code SIGCONT} of this RabbitMQ node's Erlang VM after {@link #pause()}. */
    public void resume() {
        run("resume", dir.toString());
    }

    /** Runs {@code rabbitmqctl} against this RabbitMQ node and returns what it printed. */
    public String rabbitmqctl(String... arguments) {
        List<String> words = new ArrayList<>(List.of("rabbitmqctl", dir.toString()));
        words.addAll(List.of(arguments));
        return run(words.toArray(String[]::new));
    }

    /** Runs SQL with {@code psql} as the superuser against this PostgreSQL server. */
    public String psql(String sql) {
        return execute(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-q", "-c", sql));
    }

    @Override
    public String toString() {
        return "private " + kind.argument() + " on 127.0.0.1:" + port + " (" + dir + ")";
    }

    private String run(String... arguments) {
        List<String> words = new ArrayList<>(List.of(command.toString()));
        words.addAll(List.of(arguments));
        return execute(words);
    }

    private static String execute(List<String> words) {
        try {
            Process process = new ProcessBuilder(words).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", words) + " did not finish within "
                        + COMMAND_TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", words) + " failed (exit " + process.exitValue()
                        + "): " + output.strip());
            }
            return output;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not run " + String.join(" ", words), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", words), ex);
        }
    }

    /** bin/lib/instance of the repository this runs in: from its root (the driver) or a module (tests). */
    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("bin/lib/instance");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("bin/lib/instance not found above " + Path.of("").toAbsolutePath()
                + "; run from the repository or one of its modules");
    }
}
