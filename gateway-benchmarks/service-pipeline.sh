#!/usr/bin/env bash
# The microservice pipeline end to end: FloodGateway (gateway-benchmarks) -> gateway-service.jar -> broker ->
# one sample-app worker (--spring.profiles.active=worker), for each target (redis-stream, kafka).
#
# Per target it starts a private broker on free loopback ports (redis-server without persistence; or a
# single-node KRaft Kafka from the Kafka jars in ~/.m2, in a child JVM, topics auto-created with 4 partitions),
# a FloodGateway that sends READY, GUILD_CREATE and EVENTS MESSAGE_CREATE dispatches as fast as the socket takes
# them, the worker, then the service. It polls (Actuator, every 100 ms) the service's
# discord.gateway.forwarding.forwarded (envelopes the broker confirmed) and the worker's
# discord.gateway.dispatches{type=MESSAGE_CREATE} (envelopes its listeners handled). Each process is measured
# over its own window, from the moment its count passed WARMUP_EVENTS to the moment it passed EVENTS (the
# service's count includes READY and GUILD_CREATE): events/s = measured events / that wall time; CPU per event
# = the user+system CPU time (from /proc) the JVM spent in that window / measured events. The worker's rate is
# the pipeline's: simulator to listener.
# The worker runs the sample's listeners (they read every message's content, author and channel) with the
# activity log at WARN, deduplicates (Redis: two round trips per envelope; Kafka: in memory) and acknowledges.
#
# Usage: gateway-benchmarks/service-pipeline.sh   (from anywhere; needs redis-server, curl, python3 and a
#        packaged build: ./mvnw -DskipTests package -pl gateway-service,sample-app -am)
# Environment: TARGETS ["redis-stream kafka"]  EVENTS [60000]  WARMUP_EVENTS [10000]
#   JVM_FLAGS ["-Xms512m -Xmx512m"] (service and worker)  MAVEN_REPO [~/.m2] (for the Kafka broker's jars)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGETS="${TARGETS:-redis-stream kafka}"
EVENTS="${EVENTS:-60000}"
WARMUP_EVENTS="${WARMUP_EVENTS:-10000}"
JVM_FLAGS="${JVM_FLAGS:--Xms512m -Xmx512m}"
SERVICE_JAR="$ROOT/gateway-service/target/gateway-service.jar"
SAMPLE_JAR="$ROOT/sample-app/target/sample-app.jar"
FLOOD_JAR="$HERE/target/benchmarks.jar"
WORK="$(mktemp -d /tmp/service-pipeline.XXXXXX)"
PIDS=()

log() { echo "[pipeline] $*" >&2; }
# The broker last: the applications stop while it still answers.
cleanup() { for ((i=${#PIDS[@]}-1; i>=0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; wait "${PIDS[i]}" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
wait_for() { local what="$1"; shift; for _ in $(seq 1 600); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done; log "timed out waiting for $what"; exit 1; }
# A counter's value from Actuator, 0 while it does not exist yet.
counter() {
  curl -s "http://127.0.0.1:$1/actuator/metrics/$2" | sed -n 's/.*"value":\([0-9]*\).*/\1/p' | grep . || echo 0
}

for file in "$SERVICE_JAR" "$SAMPLE_JAR" "$FLOOD_JAR"; do
  [[ -s "$file" ]] || { log "missing $file; run ./mvnw -DskipTests package -pl gateway-service,sample-app,gateway-benchmarks -am"; exit 2; }
done

# The Kafka broker's classpath: kafka_2.13 with the versions the project's build manages.
kafka_classpath() {
  local pom="$WORK/kafka-classpath/pom.xml"
  mkdir -p "$(dirname "$pom")"
  cat >"$pom" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>io.github.discordgateway</groupId>
    <artifactId>discord-gateway-spring-parent</artifactId>
    <version>0.1.0-SNAPSHOT</version>
    <relativePath>$(python3 -c "import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))" "$ROOT/pom.xml" "$(dirname "$pom")")</relativePath>
  </parent>
  <artifactId>kafka-broker-classpath</artifactId>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-server</artifactId></dependency>
  </dependencies>
</project>
POM
  local repo=()
  [[ -n "${MAVEN_REPO:-}" ]] && repo=("-Dmaven.repo.local=$MAVEN_REPO")
  "$ROOT/mvnw" -o -q -f "$pom" "${repo[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile="$WORK/kafka.cp" >&2
  cat "$WORK/kafka.cp"
}

start_kafka() {
  local port="$1" controller data="$WORK/kafka-data" config="$WORK/kafka.properties" cp
  controller="$(free_port)"
  cp="$(kafka_classpath)"
  cat >"$config" <<PROPS
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.voters=1@127.0.0.1:$controller
log.dirs=$data
num.partitions=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  java -cp "$cp" kafka.tools.StorageTool format -t "$(python3 -c 'import base64,uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" \
    -c "$config" >"$WORK/kafka-format.log" 2>&1
  java -Xmx1g -cp "$cp" kafka.Kafka "$config" >"$WORK/kafka.log" 2>&1 &
  PIDS+=($!)
  wait_for "kafka on $port" python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)"
}

run_target() {
  local target="$1" broker_port flood_port worker_port broker_args=()
  broker_port="$(free_port)"
  case "$target" in
    redis-stream)
      redis-server --port "$broker_port" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
      PIDS+=($!)
      wait_for "redis on $broker_port" redis-cli -p "$broker_port" ping
      broker_args=("--spring.data.redis.port=$broker_port") ;;
    kafka)
      start_kafka "$broker_port"
      broker_args=("--spring.kafka.bootstrap-servers=127.0.0.1:$broker_port") ;;
    *) log "unknown target $target"; exit 2 ;;
  esac

  java -Xmx2g -cp "$FLOOD_JAR" io.github.discordgateway.benchmarks.flood.FloodGateway --events="$EVENTS" --warmup=0 --wait-for-signal=false \
    >"$WORK/flood-$target.log" 2>&1 &
  PIDS+=($!)
  wait_for "the flood gateway" grep -q FLOOD_LISTENING "$WORK/flood-$target.log"
  flood_port="$(sed -n 's/.*FLOOD_LISTENING port=\([0-9]*\).*/\1/p' "$WORK/flood-$target.log" | head -1)"

  worker_port="$(free_port)"
  java $JVM_FLAGS -jar "$SAMPLE_JAR" --spring.profiles.active=worker --discord.gateway.consumer.source="$target" \
    --discord.gateway.consumer.group="bench-$target" "${broker_args[@]}" \
    --server.port="$worker_port" --server.address=127.0.0.1 --logging.level.root=WARN \
    --logging.level.io.github.discordgateway.sample.BotActivityLog=WARN >"$WORK/worker-$target.log" 2>&1 &
  local worker=$!
  PIDS+=($worker)
  wait_for "the worker" curl -sf "http://127.0.0.1:$worker_port/actuator/health/readiness"

  local service_port
  service_port="$(free_port)"
  java $JVM_FLAGS -jar "$SERVICE_JAR" --discord.gateway.token=pipeline-benchmark \
    --discord.gateway.api-base-url="http://127.0.0.1:$flood_port/api/v10" --discord.gateway.shards.total=1 \
    --discord.gateway.forwarding.target="$target" --discord.gateway.forwarding.commands-enabled=false \
    "${broker_args[@]}" --server.port="$service_port" --server.address=127.0.0.1 --logging.level.root=WARN \
    >"$WORK/service-$target.log" 2>&1 &
  local service=$!
  PIDS+=($service)
  log "$target: broker on $broker_port, flood gateway on $flood_port, worker on $worker_port, $EVENTS events"

  # name -> [pid, port, metric, start time, start ticks, end time, end ticks]
  declare -A marks=()
  local forwarded handled now
  while [[ -z "${marks[worker_end]:-}" ]]; do
    now="$(date +%s%N)"
    forwarded="$(counter "$service_port" discord.gateway.forwarding.forwarded)"
    handled="$(counter "$worker_port" "discord.gateway.dispatches?tag=type:MESSAGE_CREATE")"
    if [[ -z "${marks[service_start]:-}" ]] && (( forwarded >= WARMUP_EVENTS )); then marks[service_start]="$now $(cpu_ticks "$service")"; fi
    if [[ -z "${marks[service_end]:-}" ]] && (( forwarded >= EVENTS + 2 )); then marks[service_end]="$now $(cpu_ticks "$service")"; fi
    if [[ -z "${marks[worker_start]:-}" ]] && (( handled >= WARMUP_EVENTS )); then marks[worker_start]="$now $(cpu_ticks "$worker")"; fi
    if [[ -z "${marks[worker_end]:-}" ]] && (( handled >= EVENTS )); then marks[worker_end]="$now $(cpu_ticks "$worker")"; fi
    sleep 0.1
  done
  python3 - "$target" "$((EVENTS - WARMUP_EVENTS))" "$(getconf CLK_TCK)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    ${marks[service_start]} ${marks[service_end]} ${marks[worker_start]} ${marks[worker_end]} <<'PY'
import sys
target, measured, hz, load = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
s0, c0, s1, c1, w0, d0, w1, d1 = map(int, sys.argv[5:13])
rate = lambda start, end: measured / ((end - start) / 1e9)
cpu = lambda ticks: ticks / hz * 1e6 / measured
print(f"| {target} | {measured:,} | {rate(s0, s1):,.0f} events/s, {cpu(c1 - c0):.0f} µs CPU/event | "
      f"{rate(w0, w1):,.0f} events/s, {cpu(d1 - d0):.0f} µs CPU/event | {load} |")
PY
  cleanup
  PIDS=()
}

echo "| Target | Events measured | gateway-service (forwarded, broker-confirmed) | Worker (handled by listeners) = pipeline | Load average (1/5/15 min) |"
echo "|---|---|---|---|---|"
for target in $TARGETS; do
  run_target "$target"
done
rm -rf "$WORK"
