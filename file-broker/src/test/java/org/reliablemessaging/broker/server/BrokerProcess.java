package org.reliablemessaging.broker.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A broker server in a child JVM started from this module's classes, as {@code bin/} scripts start it. */
final class BrokerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("file-broker listening on (\\S+):(\\d+) dir=.*");

    final Process process;
    final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code BrokerMain} with {@code args} and waits for its ready line. */
    static BrokerProcess start(Path log, String... args) throws IOException {
        Process process = launch(log, args);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readyLine(out));
        try {
            Matcher line = READY.matcher(ready.get(20, TimeUnit.SECONDS));
            if (!line.matches()) {
                throw new IllegalStateException("unexpected ready line: " + line);
            }
            return new BrokerProcess(process, Integer.parseInt(line.group(2)));
        }
        catch (Exception ex) {
            process.destroyForcibly();
            throw new IOException("broker process did not get ready; its log: " + log, ex);
        }
    }

    /** Runs {@code BrokerMain} with {@code args} to its end; returns its exit status and its output. */
    static Finished run(Path log, String... args) throws IOException, InterruptedException {
        Process process = launch(log, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("broker process did not exit: " + String.join(" ", args));
        }
        return new Finished(process.exitValue(), out, java.nio.file.Files.readString(log));
    }

    private static Process launch(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-cp", classesDirectory(), BrokerMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove(BrokerArguments.TOKEN_VARIABLE);
        return builder.start();
    }

    private static String readyLine(BufferedReader out) {
        try {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the broker exited before it listened");
            }
            return line;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The java the tests run on, so the child runs the same JDK. */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private static String classesDirectory() {
        try {
            return Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no unlock; what a crash or {@code kill -9} does. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then waits for the clean shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** A process that ran to its end. */
    record Finished(int status, String out, String err) {
    }
}
