package org.reliablemessaging.relay.docker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.relay.sidecar.RelaySidecarApplication;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reliablemessaging.relay.docker.ComposeFiles.DOCKER;
import static org.reliablemessaging.relay.docker.ComposeFiles.ROOT;
import static org.reliablemessaging.relay.docker.ComposeFiles.buildArgs;
import static org.reliablemessaging.relay.docker.ComposeFiles.dependsOn;
import static org.reliablemessaging.relay.docker.ComposeFiles.environment;
import static org.reliablemessaging.relay.docker.ComposeFiles.healthCheck;
import static org.reliablemessaging.relay.docker.ComposeFiles.ports;
import static org.reliablemessaging.relay.docker.ComposeFiles.service;
import static org.reliablemessaging.relay.docker.ComposeFiles.services;

/**
 * docker/compose.yaml and its RabbitMQ override agree with what the applications read: services,
 * health checks, dependencies, ports, and that each environment variable of a Spring Boot container
 * is a property its application has. Docker itself is not needed.
 */
class ComposeFileTests {

    private static final List<String> INFRASTRUCTURE = List.of("postgres", "redis", "kafka", "rabbitmq");

    private static final List<String> SAMPLES = List.of("order-service", "inventory-service");

    /** Not in the configuration metadata of this module's classpath, but read by the samples. */
    private static final Set<String> SAMPLE_ONLY_VARIABLES = Set.of("SPRING_SECURITY_USER_PASSWORD");

    private static Map<String, Object> compose;

    private static Map<String, Object> rabbit;

    @BeforeAll
    static void load() throws IOException {
        compose = ComposeFiles.load(DOCKER.resolve("compose.yaml"));
        rabbit = ComposeFiles.load(DOCKER.resolve("compose.rabbit.yaml"));
    }

    @Test
    void startsTheInfrastructureBothSamplesAndASidecarPerServiceDatabase() {
        assertThat(services(compose)).containsKeys(INFRASTRUCTURE.toArray(String[]::new))
            .containsKeys(SAMPLES.toArray(String[]::new))
            .containsKeys("relay-orders", "relay-inventory");
        assertThat(service(compose, "kafka").get("image").toString()).startsWith("apache/kafka:");
        assertThat(environment(service(compose, "kafka"))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        assertThat(service(compose, "rabbitmq").get("image").toString()).startsWith("rabbitmq:").endsWith("-management");
        assertThat(services(compose)).as("the file broker is not part of the demo").doesNotContainKey("file-broker");
    }

    @Test
    void everyServiceHasAHealthCheckAndWaitsForItsDependenciesToBeHealthy() {
        for (Map<String, Object> file : List.of(compose, rabbit)) {
            services(file).forEach((name, definition) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> service = (Map<String, Object>) definition;
                if (file == compose) {
                    assertThat(healthCheck(service)).as("health check of " + name).isNotBlank();
                }
                dependsOn(service).forEach((dependency, settings) -> {
                    assertThat(services(compose)).as(name + " depends on a service of compose.yaml").containsKey(dependency);
                    assertThat(settings).as(name + " waits for " + dependency + " to be healthy")
                        .containsEntry("condition", "service_healthy");
                });
            });
        }
    }

    @Test
    void theSamplesRunTheKafkaProfileWithTheirRelayOffAndEachDatabaseHasItsSidecar() throws IOException {
        String initSql = Files.readString(DOCKER.resolve("postgres/init.sql"));
        for (String sample : SAMPLES) {
            Map<String, Object> service = service(compose, sample);
            Map<String, String> environment = environment(service);
            assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "kafka")
                .containsEntry("RELIABLE_MESSAGING_RELAY_ENABLED", "false")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
                .containsEntry("SPRING_DATA_REDIS_HOST", "redis");
            assertThat(dependsOn(service)).containsKeys("postgres", "redis", "kafka");

            String url = environment.get("SPRING_DATASOURCE_URL");
            String database = url.substring(url.lastIndexOf('/') + 1);
            assertThat(url).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(initSql).as("init.sql creates the database of " + sample).contains("CREATE DATABASE " + database + ";");
            assertThat(sampleConfiguration(service, "-kafka").get("spring.datasource.url"))
                .as("the kafka profile's database").endsWith("/" + database);

            int port = Integer.parseInt(sampleConfiguration(service, "").get("server.port"));
            assertThat(ports(service)).as("ports of " + sample).containsEntry(port, port);
            assertThat(healthCheck(service)).contains("/dev/tcp/127.0.0.1/" + port + " ", "/actuator/health");

            List<String> relays = services(compose).keySet().stream()
                .filter(name -> name.startsWith("relay-"))
                .filter(name -> url.equals(environment(service(compose, name)).get("SPRING_DATASOURCE_URL")))
                .toList();
            assertThat(relays).as("sidecars relaying the database of " + sample).hasSize(1);
            Map<String, Object> relay = service(compose, relays.get(0));
            assertThat(environment(relay)).containsEntry("RELIABLE_MESSAGING_TRANSPORT", "kafka")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", environment.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                .containsEntry("SPRING_DATASOURCE_USERNAME", environment.get("SPRING_DATASOURCE_USERNAME"))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", environment.get("SPRING_DATASOURCE_PASSWORD"));
            assertThat(dependsOn(relay)).as("the service creates the outbox tables first").containsKey(sample);
        }
    }

    @Test
    void theSidecarsServeActuatorOnTheirConfiguredPort() throws IOException {
        int port = Integer.parseInt(classpathYaml("/" + RelaySidecarApplication.CONFIG_NAME + ".yml").get("server.port"));
        for (String relay : List.of("relay-orders", "relay-inventory")) {
            Map<String, Object> service = service(compose, relay);
            assertThat(ports(service).values()).as("container port of " + relay).containsExactly(port);
            assertThat(healthCheck(service)).contains("/dev/tcp/127.0.0.1/" + port + " ", "/actuator/health");
            assertThat(environment(service)).doesNotContainKey("SERVER_PORT");
        }
    }

    @Test
    void everyVariableOfASpringBootContainerIsAPropertyItReads() throws IOException {
        Set<String> known = environmentNamesOfKnownProperties();
        for (Map<String, Object> file : List.of(compose, rabbit)) {
            services(file).forEach((name, definition) -> {
                if (INFRASTRUCTURE.contains(name)) {
                    return;
                }
                @SuppressWarnings("unchecked")
                Map<String, String> environment = environment((Map<String, Object>) definition);
                environment.forEach((variable, value) -> {
                    if (variable.equals("SPRING_APPLICATION_JSON")) {
                        assertThat(flatten(value)).allSatisfy(property -> assertThat(isKnownOrMapEntry(property, known))
                            .as(property + " in SPRING_APPLICATION_JSON of " + name).isTrue());
                    }
                    else if (!(SAMPLES.contains(name) && SAMPLE_ONLY_VARIABLES.contains(variable))) {
                        assertThat(known).as(variable + " of " + name + " is the environment form of a property").contains(variable);
                    }
                });
            });
        }
    }

    @Test
    void theRabbitVariantSwitchesProfilesTransportsAndDependenciesAndDeclaresTheSamplesTopology() throws IOException {
        Map<String, String> broker = environment(service(compose, "rabbitmq"));
        assertThat(service(rabbit, "rabbitmq")).as("rabbitmq leaves its profile").containsEntry("profiles", List.of());
        assertThat(service(rabbit, "kafka").get("profiles")).as("kafka stays down").isEqualTo(List.of("kafka"));
        for (String sample : SAMPLES) {
            Map<String, String> environment = environment(service(rabbit, sample));
            assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "rabbit");
            assertRabbitConnection(environment, broker);
            assertThat(dependsOn(service(rabbit, sample))).containsOnlyKeys("postgres", "redis", "rabbitmq");
        }
        for (String relay : List.of("relay-orders", "relay-inventory")) {
            Map<String, String> environment = environment(service(rabbit, relay));
            assertThat(environment).containsEntry("RELIABLE_MESSAGING_TRANSPORT", "rabbit")
                .containsEntry("MANAGEMENT_HEALTH_RABBIT_ENABLED", "true");
            assertRabbitConnection(environment, broker);
            String sample = dependsOn(service(compose, relay)).keySet().stream().filter(SAMPLES::contains).findFirst()
                .orElseThrow();
            assertThat(dependsOn(service(rabbit, relay))).containsOnlyKeys("postgres", "rabbitmq", sample);

            Map<String, String> topology = new LinkedHashMap<>();
            flatten(environment.get("SPRING_APPLICATION_JSON")).forEach(property -> {
                String prefix = "reliable-messaging.rabbit.topology.";
                assertThat(property).startsWith(prefix);
                String[] keyValue = property.substring(prefix.length()).split("=", 2);
                topology.put(keyValue[0], keyValue[1]);
            });
            Map<String, String> serviceTopology = new LinkedHashMap<>();
            sampleConfiguration(service(compose, sample), "-rabbit").forEach((property, value) -> {
                if (property.startsWith("reliable-messaging.rabbit.topology.")) {
                    serviceTopology.put(property.substring("reliable-messaging.rabbit.topology.".length()), value);
                }
            });
            assertThat(topology).as("the topology " + relay + " declares is its service's").isEqualTo(serviceTopology)
                .isNotEmpty();
        }
    }

    @Test
    void theImagesAreBuiltFromTheModulesExecutableJars() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("app.Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:21-jre", "-Djarmode=tools",
                "extract --layers --launcher", "org.springframework.boot.loader.launch.JarLauncher");
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        Pattern jarPath = Pattern.compile("([a-z-]+)/target/\\1-\\*-([a-z]+)\\.jar");
        for (String name : List.of("order-service", "inventory-service", "relay-orders", "relay-inventory")) {
            Map<String, Object> service = service(compose, name);
            assertThat(ComposeFiles.build(service)).containsEntry("context", "..").containsEntry("dockerfile",
                    "docker/app.Dockerfile");
            String jar = buildArgs(service).get("JAR");
            Matcher matcher = jarPath.matcher(jar == null ? "" : jar);
            assertThat(matcher.matches()).as("JAR of " + name + ": " + jar).isTrue();
            String module = matcher.group(1);
            assertThat(rootPom).contains("<module>" + module + "</module>");
            assertThat(dockerfile).contains("-pl outbox-relay-sidecar,sample-order-service,sample-inventory-service")
                .contains(module);
            assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml")))
                .as("the repackaged jar of " + module + " has the classifier " + matcher.group(2))
                .contains("<classifier>" + matcher.group(2) + "</classifier>");
        }
    }

    private static void assertRabbitConnection(Map<String, String> environment, Map<String, String> broker) {
        assertThat(environment).containsEntry("SPRING_RABBITMQ_HOST", "rabbitmq")
            .containsEntry("SPRING_RABBITMQ_USERNAME", broker.get("RABBITMQ_DEFAULT_USER"))
            .containsEntry("SPRING_RABBITMQ_PASSWORD", broker.get("RABBITMQ_DEFAULT_PASS"));
    }

    /** A sample's configuration file ({@code <name>.yml} or {@code <name><suffix>.yml}), flattened. */
    private static Map<String, String> sampleConfiguration(Map<String, Object> service, String suffix) throws IOException {
        String module = buildArgs(service).get("JAR").split("/")[0];
        String configName = module.substring("sample-".length());
        Path file = ROOT.resolve(module).resolve("src/main/resources").resolve(configName + suffix + ".yml");
        return flatten(ComposeFiles.loadYaml(file));
    }

    private static Map<String, String> classpathYaml(String resource) throws IOException {
        try (InputStream in = ComposeFileTests.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return flatten(new org.yaml.snakeyaml.Yaml().<Map<String, Object>>load(in));
        }
    }

    private static Map<String, String> flatten(Map<String, Object> tree) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, String> flat) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child, flat));
        }
        else {
            flat.put(prefix, value == null ? "" : value.toString());
        }
    }

    /** The properties of a SPRING_APPLICATION_JSON value, as {@code name=value}. */
    private static List<String> flatten(String json) {
        List<String> properties = new ArrayList<>();
        flattenJson("", JsonMapper.builder().build().readTree(json), properties);
        return properties;
    }

    private static void flattenJson(String prefix, JsonNode node, List<String> properties) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flattenJson(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), properties);
            }
        }
        else {
            properties.add(prefix + "=" + node.asString());
        }
    }

    private static boolean isKnownOrMapEntry(String property, Set<String> known) {
        String name = property.substring(0, property.indexOf('='));
        for (String candidate = name; candidate.contains("."); candidate = candidate.substring(0, candidate.lastIndexOf('.'))) {
            if (known.contains(environmentName(candidate))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The environment-variable form of every property in the configuration metadata on this classpath:
     * Spring Boot's (datasource, Kafka, RabbitMQ, Redis, Actuator, ...) and Reliable Messaging's.
     */
    private static Set<String> environmentNamesOfKnownProperties() throws IOException {
        Set<String> names = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            for (URL url : Collections.list(ComposeFileTests.class.getClassLoader().getResources(resource))) {
                try (InputStream in = url.openStream()) {
                    JsonNode properties = json.readTree(in).path("properties");
                    properties.forEach(property -> names.add(environmentName(property.path("name").asString())));
                }
            }
        }
        assertThat(names).as("metadata of the relay, the starter and Spring Boot")
            .contains("RELIABLE_MESSAGING_RELAY_SHARDS", "RELIABLE_MESSAGING_TRANSPORT", "SPRING_DATASOURCE_URL");
        return names;
    }

    /** Spring Boot's canonical mapping of a property name to an environment variable. */
    private static String environmentName(String property) {
        return property.replace('.', '_').replace('-', '_').replace("[", "").replace("]", "").toUpperCase();
    }
}
