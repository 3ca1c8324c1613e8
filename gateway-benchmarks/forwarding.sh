#!/usr/bin/env bash
# Forwarding throughput: FloodGateway (gateway-benchmarks) -> gateway-service.jar -> Redis stream.
#
# Starts a private redis-server and a FloodGateway on free loopback ports, then gateway-service.jar with
# --discord.gateway.forwarding.target=redis-stream. The flood gateway sends READY, GUILD_CREATE and EVENTS
# MESSAGE_CREATE dispatches as fast as the socket takes them; the script waits until the stream holds every one
# of them. Throughput = measured entries / (last entry's XADD time - first measured entry's XADD time), from the
# stream ids (Redis's millisecond clock). CPU per event = the service JVM's user+system CPU time between the
# first and the last measured entry (sampled from /proc), divided by the entries.
#
# Usage: gateway-benchmarks/forwarding.sh       (from anywhere; needs redis-server, redis-cli and a packaged build:
#        ./mvnw -DskipTests package -pl gateway-service,gateway-benchmarks -am)
# Environment: EVENTS [200000]  WARMUP_EVENTS [20000] (the first entries, excluded from the measurement)
#   JVM_FLAGS ["-Xms512m -Xmx512m"]  COMPRESSION [zlib-stream]  ENCODING [json]
# Kafka, and the worker side, are measured by service-pipeline.sh (see docs/benchmarks.md).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
EVENTS="${EVENTS:-200000}"
WARMUP_EVENTS="${WARMUP_EVENTS:-20000}"
JVM_FLAGS="${JVM_FLAGS:--Xms512m -Xmx512m}"
COMPRESSION="${COMPRESSION:-zlib-stream}"
ENCODING="${ENCODING:-json}"
SERVICE_JAR="$ROOT/gateway-service/target/gateway-service.jar"
FLOOD_JAR="$HERE/target/benchmarks.jar"
WORK="$(mktemp -d /tmp/forwarding-bench.XXXXXX)"
STREAM="bench:events"
PIDS=()

log() { echo "[forwarding] $*" >&2; }
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

for file in "$SERVICE_JAR" "$FLOOD_JAR"; do
  [[ -s "$file" ]] || { log "missing $file; run ./mvnw -DskipTests package -pl gateway-service,gateway-benchmarks -am"; exit 2; }
done

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.2; done

java -Xmx2g -cp "$FLOOD_JAR" io.github.discordgateway.benchmarks.flood.FloodGateway --events="$EVENTS" --warmup=0 --wait-for-signal=false \
  --encoding="$ENCODING" --compression="$COMPRESSION" >"$WORK/flood.log" 2>&1 &
PIDS+=($!)
until grep -q FLOOD_LISTENING "$WORK/flood.log"; do sleep 0.5; done
FLOOD_PORT="$(sed -n 's/.*FLOOD_LISTENING port=\([0-9]*\).*/\1/p' "$WORK/flood.log" | head -1)"
log "redis on $REDIS_PORT, flood gateway on $FLOOD_PORT, $EVENTS events ($ENCODING + $COMPRESSION)"

java $JVM_FLAGS -jar "$SERVICE_JAR" --discord.gateway.token=forwarding-benchmark \
  --discord.gateway.api-base-url="http://127.0.0.1:$FLOOD_PORT/api/v10" --discord.gateway.shards.total=1 \
  --discord.gateway.encoding="$ENCODING" --discord.gateway.compression="$COMPRESSION" \
  --discord.gateway.forwarding.target=redis-stream --discord.gateway.forwarding.redis.stream="$STREAM" \
  --discord.gateway.forwarding.commands-enabled=false --spring.data.redis.port="$REDIS_PORT" \
  --server.port=0 --server.address=127.0.0.1 --logging.level.root=WARN >"$WORK/service.log" 2>&1 &
SERVICE=$!
PIDS+=($SERVICE)

TOTAL=$((EVENTS + 2))
START_AT=$((WARMUP_EVENTS + 2))
until (( $(redis-cli -p "$REDIS_PORT" XLEN "$STREAM") >= START_AT )); do sleep 0.05; done
CPU_START="$(cpu_ticks "$SERVICE")"
until (( $(redis-cli -p "$REDIS_PORT" XLEN "$STREAM") >= TOTAL )); do sleep 0.05; done
CPU_END="$(cpu_ticks "$SERVICE")"

FIRST_ID="$(redis-cli -p "$REDIS_PORT" --raw XRANGE "$STREAM" - + COUNT "$START_AT" | grep -E '^[0-9]+-[0-9]+$' | tail -1)"
LAST_ID="$(redis-cli -p "$REDIS_PORT" --raw XREVRANGE "$STREAM" + - COUNT 1 | head -1)"
MEASURED=$((TOTAL - START_AT))
MILLIS=$(( ${LAST_ID%-*} - ${FIRST_ID%-*} ))
HZ="$(getconf CLK_TCK)"
python3 - "$MEASURED" "$MILLIS" "$((CPU_END - CPU_START))" "$HZ" "$ENCODING" "$COMPRESSION" <<'PY'
import sys
measured, millis, ticks, hz = (int(v) for v in sys.argv[1:5])
rate = measured / (millis / 1000) if millis else float("inf")
cpu_us = ticks / hz * 1e6 / measured
print(f"| redis-stream | {sys.argv[5]} + {sys.argv[6]} | {measured} | {rate:,.0f} events/s | {cpu_us:.1f} µs CPU/event |")
PY
