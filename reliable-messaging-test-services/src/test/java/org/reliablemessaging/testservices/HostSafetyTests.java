package org.reliablemessaging.testservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripts and the fault-injection driver never stop, kill, restart or wipe a server they did not
 * start: they act on private instances, by the pids those recorded (bin/lib/instances.sh).
 */
class HostSafetyTests {

    /** Commands that reach processes or data of the machine's own servers. */
    private static final Pattern UNSAFE = Pattern.compile(
            "\\bpkill\\b|\\bkillall\\b|pg_ctlcluster|start-stop-daemon|systemctl|\\bservice\\s+\\S+\\s+(stop|restart)"
                    + "|/var/lib/|redis-cli\\b.*shutdown|rabbitmq-server\\s+-detached|command\\(\"rabbitmqctl\"");

    @Test
    void noScriptOrDriverReachesServersItDidNotStart() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : scripts()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (UNSAFE.matcher(lines.get(i)).find()) {
                    found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    private static List<Path> scripts() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(root.resolve("bin"), root.resolve(".ci"))) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile)
                    .filter(file -> !file.toString().contains("/target/"))
                    .filter(file -> !file.getFileName().toString().endsWith(".xml"))
                    .forEach(files::add);
            }
        }
        assertThat(files).as("scripts under bin/ and .ci/").hasSizeGreaterThan(5);
        return files;
    }
}
