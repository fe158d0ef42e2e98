package org.reliablemessaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code checks over the main sources of every module of the build: no Java native deserialization, no class
 * named by data ever loaded, and the file broker's token compared in constant time.
 */
class SourceSecurityTest {

    /** What would let bytes from a broker, a database or a client choose a class to load or instantiate. */
    private static final Pattern FORBIDDEN = Pattern.compile("ObjectInputStream|\\.readObject\\(|\\.readUnshared\\("
            + "|XMLDecoder|enableDefaultTyping|activateDefaultTyping|JsonTypeInfo\\.Id\\.CLASS|Id\\.MINIMAL_CLASS"
            + "|SerializationUtils\\.deserialize|Class\\.forName\\(|\\.loadClass\\(");

    @Test
    void noMainSourceDeserializesJavaObjectsOrLoadsClassesByName() {
        List<Path> sources = mainSources();
        assertThat(sources).as("main sources found under " + root()).hasSizeGreaterThan(100);
        List<String> findings = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = read(source);
            for (int i = 0; i < lines.size(); i++) {
                if (FORBIDDEN.matcher(lines.get(i)).find()) {
                    findings.add(root().relativize(source) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(findings).as("native deserialization or class loading by name").isEmpty();
    }

    @Test
    void theFileBrokerComparesTokensInConstantTime() {
        Path handshaker = root().resolve(
                "file-broker/src/main/java/org/reliablemessaging/broker/server/Handshaker.java");
        String code = String.join("\n", read(handshaker));
        assertThat(code).contains("MessageDigest.isEqual(");
        assertThat(code).doesNotContainPattern(Pattern.compile("token\\(\\)\\s*\\.\\s*(equals|compareTo|contentEquals)"));
        assertThat(code).doesNotContainPattern(Pattern.compile("Arrays\\.equals\\("));
    }

    /** The build's root: the parent of this module. */
    private static Path root() {
        Path module = Path.of("").toAbsolutePath();
        Path root = Files.exists(module.resolve("file-broker")) ? module : module.getParent();
        assertThat(root.resolve("pom.xml")).exists();
        return root;
    }

    private static List<Path> mainSources() {
        try (Stream<Path> modules = Files.list(root())) {
            List<Path> sources = new ArrayList<>();
            for (Path main : modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
                }
            }
            return sources;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
