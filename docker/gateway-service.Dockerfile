# syntax=docker/dockerfile:1.7
#
# The gateway service image (gateway-service.jar: shards + forwarding to Kafka or Redis Streams, no bot logic), built
# from the repository root:
#
#   docker build -f docker/gateway-service.Dockerfile -t discord-gateway-service .
#
# docker/compose.yaml builds it for the "service" profile. gateway-service.Dockerfile.dockerignore keeps target/,
# .git and secrets out of the context.

ARG JAVA_VERSION=17

# ---------------------------------------------------------------------------------------------------- build
FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
WORKDIR /src
COPY . .
# Tests run in CI, not here. The Maven repository is a BuildKit cache.
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw \
 && ./mvnw -B -ntp -Dmaven.test.skip=true -pl gateway-service -am package \
 && mkdir -p /out \
 && cp gateway-service/target/gateway-service.jar /out/gateway-service.jar \
 && test -s /out/gateway-service.jar

# ------------------------------------------------------------------------------------------------ gateway service
FROM eclipse-temurin:${JAVA_VERSION}-jre AS gateway-service
# A fixed, unprivileged user: the JVM never runs as root.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /app && chown app:app /app
WORKDIR /app
COPY --chmod=0755 docker/healthcheck.sh /usr/local/bin/healthcheck
COPY --from=build --chown=app:app /out/gateway-service.jar /app/app.jar
USER 10001:10001
# Container-aware JVM heap; restart instead of limping on after an OutOfMemoryError. Override JAVA_OPTS to tune.
ENV JAVA_OPTS="-XX:InitialRAMPercentage=25.0 -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError" \
    LANG=C.UTF-8
EXPOSE 8080
# DOWN (a shard without a session) or OUT_OF_SERVICE (the broker has not confirmed a write for
# discord.gateway.forwarding.unhealthy-after) answers 503 and marks the container unhealthy after the retries.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=4 CMD ["healthcheck", "/actuator/health", "8080"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar \"$@\"", "gateway-service"]
