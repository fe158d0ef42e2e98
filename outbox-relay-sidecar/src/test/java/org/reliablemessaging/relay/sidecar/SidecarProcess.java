package org.reliablemessaging.relay.sidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The repackaged sidecar jar run as production runs it: {@code java -jar}, configured only by its
 * environment, in a process of its own that is stopped or killed by its pid. The jar is the one
 * failsafe names in the system property {@value #JAR_PROPERTY}, after {@code package}.
 */
final class SidecarProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "sidecar.jar";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private static final int LOG_TAIL_LINES = 60;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;

    private final Process process;

    private final Path log;

    private final int port;

    private SidecarProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar with {@code environment} as its whole environment and Actuator on a free port; does not wait. */
    static SidecarProcess launch(String name, Map<String, String> environment) throws IOException {
        Path jar = jar();
        Path logs = Files.createDirectories(Path.of("target", "sidecar-logs"));
        Path log = logs.resolve(name + ".log");
        int port = freePort();
        // Small and with the client compiler only: the machine runs other tests beside these processes.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SPRING_MAIN_BANNER_MODE", "off");
        return new SidecarProcess(name, builder.start(), log, port);
    }

    private static Path jar() {
        String property = System.getProperty(JAR_PROPERTY);
        if (property == null) {
            throw new IllegalStateException("No sidecar jar: the system property " + JAR_PROPERTY + " names it, and "
                    + "maven-failsafe sets it after package. Run these tests with ./mvnw verify (-Dit.test=...).");
        }
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The sidecar jar " + jar + " does not exist; ./mvnw package builds it");
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until Actuator's health says UP; fails with the log's tail if the process ends first or takes too long. */
    SidecarProcess awaitUp() {
        awaitUntil("healthy", START_TIMEOUT, this::healthy);
        return this;
    }

    private boolean healthy() throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
        try {
            return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException notListeningYet) {
            return false;
        }
    }

    /**
     * Waits until {@code condition} holds, while this sidecar runs: fails with the log's tail if the
     * process ends first or {@code timeout} passes, naming {@code what} was awaited.
     */
    void awaitUntil(String what, Duration timeout, Callable<Boolean> condition) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (!condition.call()) {
                if (!process.isAlive()) {
                    throw failure("exited with status " + process.exitValue() + " while waiting until " + what);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw failure("was not " + what + " within " + timeout);
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure("was interrupted while waiting until " + what, ex);
        }
        catch (Exception ex) {
            throw failure("could not be checked for being " + what, ex);
        }
    }

    /** The shards this process's relay holds an unexpired lease on; its instance id starts with its pid. */
    Set<Integer> leasedShards(JdbcTemplate outbox) {
        return new TreeSet<>(outbox.queryForList("SELECT shard FROM rm_relay_lease WHERE owner LIKE ? "
                + "AND expires_at > CURRENT_TIMESTAMP", Integer.class, process.pid() + "@%"));
    }

    /** {@code kill -9}: no shutdown hook runs, no lease is handed back. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw failure("did not die of SIGKILL within " + STOP_TIMEOUT);
        }
    }

    /** A graceful stop (SIGTERM), then SIGKILL if it takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** An assertion failure about this sidecar, with the last lines of its log. */
    AssertionError failure(String what) {
        return failure(what, null);
    }

    private AssertionError failure(String what, @Nullable Throwable cause) {
        return new AssertionError("Sidecar " + name + " (pid " + process.pid() + ") " + what + "; the end of its log "
                + log.toAbsolutePath() + ":\n" + logTail(), cause);
    }

    private String logTail() {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read the sidecar's log " + log, ex);
        }
    }

    @Override
    public String toString() {
        return "sidecar " + name + " (pid " + process.pid() + ", Actuator on " + port + ")";
    }
}
