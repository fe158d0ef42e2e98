# syntax=docker/dockerfile:1
# One image recipe for the three Spring Boot applications of the demo; compose.yaml picks the jar:
#   JAR=sample-order-service/target/sample-order-service-*-exec.jar
#   JAR=sample-inventory-service/target/sample-inventory-service-*-exec.jar
#   JAR=outbox-relay-sidecar/target/outbox-relay-sidecar-*-exec.jar
# Build context: the repository root (compose.yaml sets it). The build stage does not use JAR, so
# BuildKit builds it once for all three images.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /workspace
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl outbox-relay-sidecar,sample-order-service,sample-inventory-service -am package -DskipTests

# Spring Boot's layered jar, split into one directory per layer (dependencies change least often).
FROM build AS extract
ARG JAR
RUN test -n "${JAR}" || { echo "build argument JAR is required" >&2; exit 1; }; \
    java -Djarmode=tools -jar ${JAR} extract --layers --launcher --destination /extracted

FROM eclipse-temurin:21-jre
RUN groupadd --system app && useradd --system --gid app --no-create-home app
WORKDIR /application
COPY --from=extract /extracted/dependencies/ ./
COPY --from=extract /extracted/spring-boot-loader/ ./
COPY --from=extract /extracted/snapshot-dependencies/ ./
COPY --from=extract /extracted/application/ ./
USER app
# Leave the container's memory to the heap's 75 %, and let an OutOfMemoryError end the process, so that
# Docker restarts it rather than keep a half-broken JVM.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
