#!/usr/bin/env bash
# Footprint of idle connected shards: for each shard count S (default "1 100 500") it starts a
# GatewaySimulator in its own process (S recommended shards, no identify window, no traffic, 1 guild)
# and then FootprintMain (peers/starter) in a fresh JVM with Native Memory Tracking, which runs a
# GatewayShardManager with S shards, waits for all READY, idles, and compares itself after full GCs
# with the same JVM before the manager started. The simulator's own cost stays in its own process
# (its RSS and threads are reported separately).
#
# Usage: gateway-benchmarks/footprint.sh     (run gateway-benchmarks/flood.sh once first, or set SKIP_BUILD=0)
# Environment: SHARDS ["1 100 500"]  IDLE [10] seconds  JVM_FLAGS ["-Xms1g -Xmx1g -XX:+UseG1GC"]
#   COMPRESSION [zlib-stream]  ENCODING [json]  SKIP_BUILD [1]  OUT [gateway-benchmarks/results/footprint-<date>.md]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SHARDS="${SHARDS:-1 100 500}"
IDLE="${IDLE:-10}"
JVM_FLAGS="${JVM_FLAGS:--Xms1g -Xmx1g -XX:+UseG1GC}"
COMPRESSION="${COMPRESSION:-zlib-stream}"
ENCODING="${ENCODING:-json}"
TOKEN="MTIzODQ5NjI5NzM0NjQ4NTY1Ng.GFlood.benchmark-token-not-a-real-one"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="${OUT:-$HERE/results/footprint-$STAMP.md}"
WORK="$(mktemp -d /tmp/footprint.XXXXXX)"
mkdir -p "$(dirname "$OUT")"
JAR="$HERE/peers/starter/target/flood-peer-starter.jar"

if [[ "${SKIP_BUILD:-1}" != "1" || ! -f "$JAR" ]]; then
  (cd "$ROOT" && ./mvnw -q -B install -DskipTests -pl gateway-starter,gateway-test -am)
  (cd "$HERE/peers/starter" && "$ROOT/mvnw" -q -B clean package -Dmaven.test.skip=true) # clean: a changed library alone does not make Maven repackage the jar
fi
(cd "$ROOT" && ./mvnw -q -B -pl gateway-test dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile="$WORK/server.cp" >/dev/null)
SERVER_CP="$ROOT/gateway-test/target/classes:$(cat "$WORK/server.cp")"

proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

: >"$WORK/lines"
for s in $SHARDS; do
  java -Xmx2g -cp "$SERVER_CP" io.github.discordgateway.test.GatewaySimulatorApplication --port=0 --bind=127.0.0.1 \
    --public-host=127.0.0.1 --token="$TOKEN" --events-per-second=0 --guilds=1 --shards="$s" \
    --identify-window=0s >"$WORK/sim-$s.out" 2>&1 &
  sim=$!
  api=""
  for _ in $(seq 1 100); do
    api="$(grep -ao 'REST http://[^,]*' "$WORK/sim-$s.out" | cut -d' ' -f2 || true)"
    [[ -n "$api" ]] && break
    sleep 0.2
  done
  sim_rss_before="$(proc_kb "$sim" VmRSS)"; sim_threads_before="$(proc_kb "$sim" Threads)"
  timeout 600 java $JVM_FLAGS -XX:NativeMemoryTracking=summary -cp "$JAR" \
    -Dloader.main=io.github.discordgateway.benchmarks.peer.starter.FootprintMain \
    org.springframework.boot.loader.launch.PropertiesLauncher --api="$api" --shards="$s" --idle-seconds="$IDLE" \
    --compression="$COMPRESSION" --encoding="$ENCODING" >"$WORK/client-$s.out" 2>&1 &
  client=$!
  # sample the simulator while the client idles (FootprintMain idles IDLE seconds after READY)
  sim_rss_after=""; sim_threads_after=""
  while kill -0 "$client" 2>/dev/null; do
    if grep -aq FOOTPRINT "$WORK/client-$s.out" 2>/dev/null; then break; fi
    sim_rss_after="$(proc_kb "$sim" VmRSS)"; sim_threads_after="$(proc_kb "$sim" Threads)"
    sleep 1
  done
  wait "$client" || true
  kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true
  line="$(grep -a '^FOOTPRINT ' "$WORK/client-$s.out" || echo "FOOTPRINT shards=$s FAILED")"
  echo "$line simRssKbBefore=$sim_rss_before simRssKbConnected=$sim_rss_after simThreadsBefore=$sim_threads_before simThreadsConnected=$sim_threads_after" >>"$WORK/lines"
  echo "[footprint] $s shards: $(tail -1 "$WORK/lines")" >&2
done

val() { echo "$1" | grep -o "$2=[^ ]*" | cut -d= -f2; }
{
  echo "# Idle shard footprint, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- Machine: $(nproc) cores, $(free -h | awk '/Mem:/ { print $2 }') RAM; Java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "- Client JVM: \`$JVM_FLAGS -XX:NativeMemoryTracking=summary\`, GatewayShardManager ($ENCODING, $COMPRESSION, intents GUILDS), idle ${IDLE}s after all READY; simulator in its own process"
  echo "- Load at the end: $(uptime | sed 's/.*load average/load average/')"
  echo "- Deltas = after all READY + idle vs the same JVM before the manager started, both after 4× System.gc(); native = NMT committed without the Java heap (NMT does not see malloc inside libz/zstd), RSS = VmRSS"
  echo
  echo "| shards | start → all READY | JVM start → all READY | heap Δ | native Δ (NMT) | RSS Δ | threads before → after | heap / shard | native / shard | RSS / shard | simulator RSS (connected) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  while read -r line; do
    s="$(val "$line" shards)"
    if [[ "$line" == *FAILED* ]]; then echo "| $s | failed | | | | | | | | | |"; continue; fi
    awk -v s="$s" -v r="$(val "$line" startToReadyMillis)" -v jr="$(val "$line" jvmStartToReadyMillis)" -v h="$(val "$line" heapDelta)" -v n="$(val "$line" nativeDeltaKb)" \
      -v rss="$(val "$line" rssDeltaKb)" -v tb="$(val "$line" threadsBefore)" -v ta="$(val "$line" threadsAfter)" \
      -v sim="$(val "$line" simRssKbConnected)" 'BEGIN {
        printf "| %d | %d ms | %d ms | %.1f MiB | %.1f MiB | %.1f MiB | %d → %d | %.1f KiB | %.1f KiB | %.1f KiB | %.0f MiB |\n",
          s, r, jr, h / 1048576, n / 1024, rss / 1024, tb, ta, h / s / 1024, n / s, rss / s, sim / 1024 }'
  done <"$WORK/lines"
  echo
  # marginal cost between the two largest shard counts: fixed one-time costs (classes, JIT, pools) cancel out
  read -r -a counts <<<"$SHARDS"
  if (( ${#counts[@]} >= 2 )); then
    a="${counts[-2]}"; b="${counts[-1]}"
    la="$(grep -a "^FOOTPRINT shards=$a " "$WORK/lines" || true)"; lb="$(grep -a "^FOOTPRINT shards=$b " "$WORK/lines" || true)"
    if [[ -n "$la" && -n "$lb" && "$la" != *FAILED* && "$lb" != *FAILED* ]]; then
      awk -v a="$a" -v b="$b" -v ha="$(val "$la" heapDelta)" -v hb="$(val "$lb" heapDelta)" \
        -v na="$(val "$la" nativeDeltaKb)" -v nb="$(val "$lb" nativeDeltaKb)" -v ra="$(val "$la" rssDeltaKb)" \
        -v rb="$(val "$lb" rssDeltaKb)" -v ta="$(val "$la" threadsAfter)" -v tb="$(val "$lb" threadsAfter)" 'BEGIN {
          d = b - a; h = (hb - ha) / d / 1024; n = (nb - na) / d
          printf "**Marginal cost per idle shard** (from %d to %d shards): heap %.1f KiB + native (NMT) %.1f KiB = **%.1f KiB**; RSS %.1f KiB; threads %.3f per shard.\n",
            a, b, h, n, h + n, (rb - ra) / d, (tb - ta) / d }'
    fi
  fi
  echo
  echo "Largest live-heap growth by class at $(echo "$SHARDS" | awk '{ print $NF }') shards (class histogram after GC, per shard):"
  echo
  echo '```'
  grep -a '^FOOTPRINT_HISTO' "$WORK/client-$(echo "$SHARDS" | awk '{ print $NF }').out" | head -12 | sed 's/^FOOTPRINT_HISTO //'
  grep -a '^FOOTPRINT_NMT_DELTA_KB\|^FOOTPRINT_THREADS' "$WORK/client-$(echo "$SHARDS" | awk '{ print $NF }').out"
  echo '```'
} >"$OUT"
echo "[footprint] wrote $OUT" >&2
cat "$OUT"
rm -rf "$WORK"
