#!/usr/bin/env bash
# End-to-end flood benchmark: discord-gateway-spring (Boot starter) vs JDA vs Discord4J.
#
# For every configuration (encoding:compression) and repetition, and for every peer in turn (the
# order rotates each repetition), it starts a fresh flood server (FloodGateway, gateway-test), which
# pre-encodes and pre-compresses WARMUP + EVENTS MESSAGE_CREATE dispatches before it listens, then a
# fresh peer JVM. The peer receives the WARMUP dispatches (JIT warm-up in the same process, same
# connection), signals with a presence update, and then gets the EVENTS measured dispatches written
# as fast as the socket takes them. Time = server's first byte of the measured flood -> peer's Nth
# measured event delivered (same machine clock, microseconds).
#
# Usage: gateway-benchmarks/flood.sh            (from the repository root or anywhere)
# Environment (defaults in brackets):
#   EVENTS [200000]  WARMUP [200000]  REPS [5]
#   CONFIGS ["json:zlib-stream json:zstd-stream etf:zlib-stream etf:zstd-stream"]
#   PEERS ["starter starter-read jda discord4j"]  (starter-read: the starter peer whose listener
#          also reads every event's data, which makes the client build each event's data tree)
#   JVM_FLAGS ["-Xms1g -Xmx1g -XX:+UseG1GC"]   (identical for every peer)
#   SERVER_FLAGS ["-Xmx3g"]  RUN_TIMEOUT [300] seconds per run  SKIP_BUILD [0]
#   OUT [gateway-benchmarks/results/flood-<date>.md]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
EVENTS="${EVENTS:-200000}"
WARMUP="${WARMUP:-200000}"
REPS="${REPS:-5}"
CONFIGS="${CONFIGS:-json:zlib-stream json:zstd-stream etf:zlib-stream etf:zstd-stream}"
PEERS="${PEERS:-starter starter-read jda discord4j}"
JVM_FLAGS="${JVM_FLAGS:--Xms1g -Xmx1g -XX:+UseG1GC}"
SERVER_FLAGS="${SERVER_FLAGS:--Xmx3g}"
RUN_TIMEOUT="${RUN_TIMEOUT:-300}"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="${OUT:-$HERE/results/flood-$STAMP.md}"
WORK="$(mktemp -d /tmp/flood.XXXXXX)"
RAW="${OUT%.md}.tsv"
mkdir -p "$(dirname "$OUT")"

log() { echo "[flood] $*" >&2; }

jar_of() {
  case "$1" in
    starter|starter-read) echo "$HERE/peers/starter/target/flood-peer-starter.jar" ;;
    jda) echo "$HERE/peers/jda/target/flood-peer-jda.jar" ;;
    discord4j) echo "$HERE/peers/discord4j/target/flood-peer-discord4j.jar" ;;
    *) echo "unknown peer $1" >&2; exit 2 ;;
  esac
}

# Which peer speaks which configuration (JDA: zlib-stream only; Discord4J: json + zlib-stream only).
supports() {
  local peer="$1" enc="$2" cmp="$3"
  case "$peer" in
    starter|starter-read) return 0 ;;
    jda) [[ "$cmp" == "zlib-stream" ]] ;;
    discord4j) [[ "$enc" == "json" && "$cmp" == "zlib-stream" ]] ;;
  esac
}

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  log "building the library (install into ~/.m2) and the peers"
  (cd "$ROOT" && ./mvnw -q -B install -DskipTests -pl gateway-starter,gateway-test -am)
  for peer in $PEERS; do
    [[ "$peer" == starter-read ]] && continue # same jar as starter
    (cd "$HERE/peers/$peer" && "$ROOT/mvnw" -q -B clean package -Dmaven.test.skip=true) # clean: a changed library alone does not make Maven repackage the jar
  done
fi
(cd "$ROOT" && ./mvnw -q -B -pl gateway-test dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile="$WORK/server.cp" >/dev/null)
SERVER_CP="$ROOT/gateway-test/target/classes:$(cat "$WORK/server.cp")"

# One run: prints "events_per_s wire_MBps decoded_MBps seconds" or "FAIL <reason>".
run_once() {
  local peer="$1" enc="$2" cmp="$3" tag="$4"
  local sout="$WORK/$tag.server.out" serr="$WORK/$tag.server.err" pout="$WORK/$tag.peer.out"
  java $SERVER_FLAGS -cp "$SERVER_CP" io.github.discordgateway.test.flood.FloodGateway \
    --events="$EVENTS" --warmup="$WARMUP" --encoding="$enc" --compression="$cmp" \
    --timeout="$RUN_TIMEOUT" >"$sout" 2>"$serr" &
  local spid=$!
  local port=""
  for _ in $(seq 1 600); do
    port="$(grep -ao 'FLOOD_LISTENING port=[0-9]*' "$sout" 2>/dev/null | cut -d= -f2 || true)"
    [[ -n "$port" ]] && break
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.2
  done
  if [[ -z "$port" ]]; then
    kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true
    echo "FAIL server did not start"; return
  fi
  local extra=()
  [[ "$peer" == starter-read ]] && extra=(--read-data=true)
  timeout "$RUN_TIMEOUT" java $JVM_FLAGS -jar "$(jar_of "$peer")" --port="$port" --events="$EVENTS" \
    --warmup="$WARMUP" --encoding="$enc" --compression="$cmp" "${extra[@]}" >"$pout" 2>&1 || true
  kill "$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
  local first last wire decoded
  first="$(grep -ao 'firstByteMicros=[0-9]*' "$sout" | cut -d= -f2 || true)"
  wire="$(grep -ao 'FLOOD_SENT.*' "$sout" | grep -o 'wireBytes=[0-9]*' | cut -d= -f2 || true)"
  decoded="$(grep -ao 'FLOOD_SENT.*' "$sout" | grep -o 'decodedBytes=[0-9]*' | cut -d= -f2 || true)"
  last="$(grep -ao 'lastEventMicros=[0-9]*' "$pout" | cut -d= -f2 || true)"
  if [[ -z "$first" || -z "$last" ]]; then
    echo "FAIL no result (see $pout)"; return
  fi
  awk -v n="$EVENTS" -v f="$first" -v l="$last" -v w="$wire" -v d="$decoded" 'BEGIN {
    s = (l - f) / 1e6; printf "%.0f %.2f %.2f %.3f\n", n / s, w / s / 1e6, d / s / 1e6, s }'
}

printf "config\tpeer\trep\tevents_per_s\twire_MBps\tdecoded_MBps\tseconds\n" >"$RAW"
rep=1
while (( rep <= REPS )); do
  for config in $CONFIGS; do
    enc="${config%%:*}"; cmp="${config##*:}"
    # rotate the peer order every repetition so that no peer always runs first or last
    read -r -a order <<<"$PEERS"
    shift_by=$(( (rep - 1) % ${#order[@]} ))
    order=("${order[@]:$shift_by}" "${order[@]:0:$shift_by}")
    for peer in "${order[@]}"; do
      supports "$peer" "$enc" "$cmp" || continue
      result="$(run_once "$peer" "$enc" "$cmp" "$enc-$cmp-$peer-$rep")"
      log "rep $rep $config $peer: $result (load $(cut -d' ' -f1-3 /proc/loadavg))"
      if [[ "$result" != FAIL* ]]; then
        read -r eps wmb dmb secs <<<"$result"
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$config" "$peer" "$rep" "$eps" "$wmb" "$dmb" "$secs" >>"$RAW"
      else
        printf "%s\t%s\t%s\tFAIL\t\t\t\n" "$config" "$peer" "$rep" >>"$RAW"
      fi
    done
  done
  rep=$(( rep + 1 ))
done

# ---- report
median_of() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
stat_of() { # config peer column -> "median min max count"
  local vals
  vals="$(awk -F'\t' -v c="$1" -v p="$2" -v k="$3" 'NR > 1 && $1 == c && $2 == p && $4 != "FAIL" { print $k }' "$RAW")"
  if [[ -z "$vals" ]]; then echo "- - - 0"; return; fi
  echo "$(echo "$vals" | median_of) $(echo "$vals" | sort -g | head -1) $(echo "$vals" | sort -g | tail -1) $(echo "$vals" | wc -l)"
}
{
  echo "# Flood benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- Machine: $(nproc) cores, $(free -h | awk '/Mem:/ { print $2 }') RAM, $(uname -sr)"
  echo "- Java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "- Code: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null)$(cd "$ROOT" && git diff --quiet 2>/dev/null || echo ' + uncommitted changes'); JDA $(grep -o '<jda.version>[^<]*' "$HERE/peers/jda/pom.xml" | cut -d'>' -f2), Discord4J $(grep -o '<discord4j.version>[^<]*' "$HERE/peers/discord4j/pom.xml" | cut -d'>' -f2)"
  echo "- Load when the runs ended: $(uptime | sed 's/.*load average/load average/')"
  echo "- Peer JVM flags (all peers): \`$JVM_FLAGS\`; flood server: \`$SERVER_FLAGS\`"
  echo "- $EVENTS measured MESSAGE_CREATE dispatches after $WARMUP warm-up dispatches in the same process and connection; $REPS repetitions, peer order rotated each repetition, fresh server and peer JVM per run"
  echo "- events/s = measured events / (peer's last event delivered - server's first byte written); MB = 10^6 bytes; wire = WebSocket frames as written; decoded = payload bytes after decompression"
  echo
  echo "| encoding + compression | peer | events/s median | min – max | wire MB/s | decoded MB/s | runs | vs JDA | vs Discord4J |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for config in $CONFIGS; do
    read -r jda_med _ <<<"$(stat_of "$config" jda 4)"
    read -r d4j_med _ <<<"$(stat_of "$config" discord4j 4)"
    for peer in $PEERS; do
      read -r med min max count <<<"$(stat_of "$config" "$peer" 4)"
      [[ "$count" == "0" ]] && continue
      read -r wmed _ <<<"$(stat_of "$config" "$peer" 5)"
      read -r dmed _ <<<"$(stat_of "$config" "$peer" 6)"
      vj="-"; vd="-"
      [[ "$jda_med" != "-" ]] && vj="$(awk -v a="$med" -v b="$jda_med" 'BEGIN { printf "%.2f×", a / b }')"
      [[ "$d4j_med" != "-" ]] && vd="$(awk -v a="$med" -v b="$d4j_med" 'BEGIN { printf "%.2f×", a / b }')"
      printf "| %s | %s | %.0f | %.0f – %.0f | %.1f | %.1f | %s | %s | %s |\n" "${config/:/ + }" "$peer" "$med" "$min" "$max" \
        "$wmed" "$dmed" "$count" "$vj" "$vd"
    done
  done
  echo
  echo "Raw runs: \`$(basename "$RAW")\`."
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
rm -rf "$WORK"
