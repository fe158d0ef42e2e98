package org.reliablemessaging.demo;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/** One service as a process of its own: started, awaited, killed, stopped. */
final class Service {

    /** The JVM options of every service: small heaps, quick start-up, two cores shared by all. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final String name;

    /** What follows {@code java}: JVM options, then {@code -jar JAR} or {@code -cp PATH MAIN}. */
    private final List<String> launch;

    private final int port;

    private final Path log;

    private final Path pidFile;

    private final List<String> arguments;

    private final Http http = new Http();

    private @Nullable Process process;

    private final Map<String, String> environment;

    private final boolean web;

    Service(String name, Path jar, int port, Path logs, Path dataDir, List<String> arguments) {
        this(name, jar, port, logs, dataDir, arguments, Map.of(), true);
    }

    /**
     * A process from an executable jar: a Spring Boot application ({@code web}: given its port, healthy when
     * Actuator's health is UP) or else a server that is up once its port takes connections.
     */
    Service(String name, Path jar, int port, Path logs, Path dataDir, List<String> arguments,
            Map<String, String> environment, boolean web) {
        this(name, Stream.concat(JVM_OPTIONS.stream(), Stream.of("-jar", jar.toString())).toList(), port, logs,
                dataDir, arguments, environment, web);
    }

    /**
     * A server from a main class on a class path ({@code launch}: the JVM options, {@code -cp}, the class path
     * and the main class), up once its port takes connections.
     */
    static Service mainClass(String name, List<String> launch, int port, Path logs, Path dataDir,
            List<String> arguments) {
        return new Service(name, launch, port, logs, dataDir, arguments, Map.of(), false);
    }

    private Service(String name, List<String> launch, int port, Path logs, Path dataDir, List<String> arguments,
            Map<String, String> environment, boolean web) {
        this.name = name;
        this.launch = launch;
        this.port = port;
        this.log = logs.resolve(name.replace(' ', '-') + ".log");
        this.pidFile = dataDir.resolve(name.replace(' ', '-') + ".pid");
        this.arguments = arguments;
        this.environment = environment;
        this.web = web;
    }

    String name() {
        return name;
    }

    String url() {
        return "http://localhost:" + port;
    }

    long pid() {
        return started().pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the service, appending to its log, and waits until its health is UP. */
    void start() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(launch);
        if (web) {
            command.addAll(List.of("--server.port=" + port, "--spring.security.user.password=demo"));
        }
        command.addAll(arguments);
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process started = builder.redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        process = started;
        Files.writeString(pidFile, Long.toString(started.pid()));
        awaitHealthy(started);
        Console.detail("%s up in %s (pid %d)", name, Console.seconds(System.nanoTime() - start), started.pid());
    }

    private void awaitHealthy(Process started) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!healthy()) {
            if (!started.isAlive()) {
                forgetPid();
                throw new DemoFailed("the " + name + " stopped at start-up (exit " + started.exitValue()
                        + "); the end of " + log + ":\n" + tail(log, 30));
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailed("the " + name + " did not come up within 3 minutes; see " + log);
            }
            Wait.pause(250);
        }
    }

    private boolean healthy() {
        if (!web) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return socket.isConnected();
            }
            catch (IOException ex) {
                return false;
            }
        }
        try {
            // 200 when UP, 503 when DOWN or OUT_OF_SERVICE
            return http.status("GET", url() + "/actuator/health") == 200;
        }
        catch (DemoFailed ex) {
            return false;
        }
    }

    /** kill -9: the process gets no chance to finish anything. */
    void kill() throws InterruptedException {
        Process started = started();
        started.destroyForcibly();
        started.waitFor();
        forgetPid();
    }

    private Process started() {
        return Objects.requireNonNull(process, () -> "the " + name + " was never started");
    }

    /** A graceful stop (SIGTERM), forced after 30 seconds. */
    void stop() {
        stop(Duration.ofSeconds(30));
    }

    /**
     * A graceful stop (SIGTERM), forced (kill -9) if the process has not exited within {@code grace}.
     * @return true if it exited by itself (or was not running), false if it had to be killed
     */
    boolean stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            boolean exited = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            forgetPid();
            return exited;
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The java command of the JVM that runs the driver (bin/lib/java.sh picked it). */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void forgetPid() {
        try {
            Files.deleteIfExists(pidFile);
        }
        catch (IOException ex) {
            // bin/demo checks the command line of a pid before it stops it
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException ex) {
            return "(cannot read it: " + ex.getMessage() + ")";
        }
    }
}
