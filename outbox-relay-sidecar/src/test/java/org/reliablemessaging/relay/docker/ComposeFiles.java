package org.reliablemessaging.relay.docker;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the files of docker/ the way Docker Compose sees them, as far as a test needs: YAML with
 * anchors and merge keys, Compose's {@code !reset} and {@code !override} tags (read as their plain
 * value), and {@code ${VAR:-default}} taken at its default.
 */
final class ComposeFiles {

    /** The repository root: tests run in the module's directory. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    static final Path DOCKER = ROOT.resolve("docker");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::?-([^}]*))?}");

    private ComposeFiles() {
    }

    static Map<String, Object> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml(new ComposeConstructor()).load(reader);
        }
    }

    /** A YAML file of the repository (a sample's configuration, say). */
    static Map<String, Object> loadYaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> services(Map<String, Object> compose) {
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(Map<String, Object> compose, String name) {
        Map<String, Object> service = (Map<String, Object>) services(compose).get(name);
        if (service == null) {
            throw new AssertionError("no service " + name + " in the compose file");
        }
        return service;
    }

    /** A service's environment as text, defaults of ${...} applied (the map form is the one docker/ uses). */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((name, value) -> environment.put(name.toString(), value == null ? "" : interpolate(value.toString())));
        }
        else if (declared instanceof List<?> list) {
            for (Object entry : list) {
                String[] parts = entry.toString().split("=", 2);
                environment.put(parts[0], parts.length > 1 ? interpolate(parts[1]) : "");
            }
        }
        return environment;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> dependsOn(Map<String, Object> service) {
        Object declared = service.get("depends_on");
        if (declared == null) {
            return Map.of();
        }
        if (declared instanceof List<?> list) {
            Map<String, Map<String, Object>> dependencies = new LinkedHashMap<>();
            list.forEach(name -> dependencies.put(name.toString(), Map.of()));
            return dependencies;
        }
        return (Map<String, Map<String, Object>>) declared;
    }

    /** Host port → container port of each port mapping of a service. */
    @SuppressWarnings("unchecked")
    static Map<Integer, Integer> ports(Map<String, Object> service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (Object mapping : (List<Object>) service.getOrDefault("ports", List.of())) {
            String[] parts = interpolate(mapping.toString()).split(":");
            ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
        }
        return ports;
    }

    /** The health check's command as one line. */
    @SuppressWarnings("unchecked")
    static String healthCheck(Map<String, Object> service) {
        Map<String, Object> healthCheck = (Map<String, Object>) service.get("healthcheck");
        if (healthCheck == null || healthCheck.get("test") == null) {
            return null;
        }
        Object test = healthCheck.get("test");
        return test instanceof List<?> list ? String.join(" ", list.stream().map(Object::toString).toList()) : test.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> buildArgs(Map<String, Object> service) {
        Map<String, Object> build = (Map<String, Object>) service.get("build");
        Map<String, String> args = new LinkedHashMap<>();
        if (build != null && build.get("args") instanceof Map<?, ?> declared) {
            declared.forEach((name, value) -> args.put(name.toString(), value.toString()));
        }
        return args;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> build(Map<String, Object> service) {
        return (Map<String, Object>) service.get("build");
    }

    /** Compose's variable syntax, at the defaults. */
    static String interpolate(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group(2) == null ? "" : matcher.group(2)));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** SnakeYAML's safe constructor, with Compose's merge tags read as the value they carry. */
    private static final class ComposeConstructor extends SafeConstructor {

        ComposeConstructor() {
            super(new LoaderOptions());
            AbstractConstruct plain = new AbstractConstruct() {

                @Override
                public Object construct(Node node) {
                    return switch (node) {
                        case MappingNode mapping -> constructMapping(mapping);
                        case SequenceNode sequence -> constructSequence(sequence);
                        case ScalarNode scalar -> scalar.getValue().isEmpty() ? null : constructScalar(scalar);
                        default -> throw new IllegalArgumentException("unexpected YAML node " + node);
                    };
                }
            };
            this.yamlConstructors.put(new Tag("!reset"), plain);
            this.yamlConstructors.put(new Tag("!override"), plain);
        }
    }
}
