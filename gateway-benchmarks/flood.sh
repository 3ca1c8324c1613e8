#!/usr/bin/env bash
# End-to-end flood benchmark: discord-gateway-spring (the packaged sample-app as shipped, and a bare
# Boot starter app) vs JDA vs Discord4J vs @discordjs/ws.
#
# For every configuration (encoding:compression) and repetition, and for every peer in turn (the
# order rotates each repetition), it starts a fresh flood server (FloodGateway, in this module), which
# pre-encodes and pre-compresses WARMUP + EVENTS MESSAGE_CREATE dispatches before it listens, then a
# fresh peer process. With WARMUP > 0 the peer receives the warm-up dispatches (JIT warm-up in the
# same process, same connection) and signals with a presence update; with WARMUP=0 (a cold JVM, the
# realistic case) the measured dispatches follow READY at once. The EVENTS measured dispatches are
# written as fast as the socket takes them. Time = server's first byte of the measured flood ->
# peer's Nth measured event delivered (same machine clock, microseconds). CPU = the peer process's
# user + system time (all threads, /proc/<pid>/stat, sampled every 5 ms by cpu-sampler.py) within
# that same window; CPU per event = that / EVENTS.
#
# Usage: gateway-benchmarks/flood.sh            (from the repository root or anywhere)
# Environment (defaults in brackets):
#   EVENTS [200000]  WARMUP [200000]  REPS [5]
#   CONFIGS ["json:zlib-stream json:zstd-stream etf:zlib-stream etf:zstd-stream"]
#   PEERS ["starter starter-read jda discord4j"]; all peers:
#     sample-app    the packaged sample-app as shipped (its listener reads every message's content,
#                   author and channel; Actuator + Micrometer on), with BotActivityLog at WARN set on
#                   the command line so that no log I/O is measured, and a counting probe on its
#                   loader path (peers/sample-app-probe)
#     starter       a bare Boot app on the starter whose listener only counts (best case)
#     starter-read  the same, reading every event's content from the data tree
#     jda           JDA 6.5.0 createLight counting raw MESSAGE_CREATE (best case)
#     jda-read      JDA with a MessageReceivedEvent listener reading content, author and channel
#     discord4j     Discord4J 3.3.2 (json + zlib-stream only)
#     discordjs     @discordjs/ws 2.0.x on Node (json + zlib-stream only), reading like the sample
#   JVM_FLAGS ["-Xms1g -Xmx1g -XX:+UseG1GC"]   (identical for every JVM peer; "" = JVM defaults)
#   SERVER_FLAGS ["-Xmx3g"]  RUN_TIMEOUT [300] seconds per run  SKIP_BUILD [0]
#   MAVEN_REPO [unset = ~/.m2]   a local Maven repository for the install and the peer builds
#   OUT [gateway-benchmarks/results/flood-<date>.md]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
EVENTS="${EVENTS:-200000}"
WARMUP="${WARMUP:-200000}"
REPS="${REPS:-5}"
CONFIGS="${CONFIGS:-json:zlib-stream json:zstd-stream etf:zlib-stream etf:zstd-stream}"
PEERS="${PEERS:-starter starter-read jda discord4j}"
JVM_FLAGS="${JVM_FLAGS--Xms1g -Xmx1g -XX:+UseG1GC}"
SERVER_FLAGS="${SERVER_FLAGS:--Xmx3g}"
RUN_TIMEOUT="${RUN_TIMEOUT:-300}"
MVN_REPO_ARGS=()
[[ -n "${MAVEN_REPO:-}" ]] && MVN_REPO_ARGS=("-Dmaven.repo.local=$MAVEN_REPO")
TOKEN="MTIzODQ5NjI5NzM0NjQ4NTY1Ng.GFlood.benchmark-token-not-a-real-one"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="${OUT:-$HERE/results/flood-$STAMP.md}"
WORK="$(mktemp -d /tmp/flood.XXXXXX)"
RAW="${OUT%.md}.tsv"
mkdir -p "$(dirname "$OUT")"

log() { echo "[flood] $*" >&2; }

# The command line of a peer (without the flood arguments).
peer_command() {
  case "$1" in
    starter|starter-read) echo "java $JVM_FLAGS -jar $HERE/peers/starter/target/flood-peer-starter.jar" ;;
    jda|jda-read) echo "java $JVM_FLAGS -jar $HERE/peers/jda/target/flood-peer-jda.jar" ;;
    discord4j) echo "java $JVM_FLAGS -jar $HERE/peers/discord4j/target/flood-peer-discord4j.jar" ;;
    sample-app) echo "java $JVM_FLAGS -Dloader.path=$HERE/peers/sample-app-probe/target/flood-probe-sample-app.jar \
      -cp $ROOT/sample-app/target/sample-app.jar \
      org.springframework.boot.loader.launch.PropertiesLauncher" ;;
    discordjs) echo "node $HERE/peers/discordjs/peer.js" ;;
    *) echo "unknown peer $1" >&2; exit 2 ;;
  esac
}

# Which peer speaks which configuration (JDA: zlib-stream only; Discord4J, discord.js: json + zlib-stream only).
supports() {
  local peer="$1" enc="$2" cmp="$3"
  case "$peer" in
    starter|starter-read|sample-app) return 0 ;;
    jda|jda-read) [[ "$cmp" == "zlib-stream" ]] ;;
    discord4j|discordjs) [[ "$enc" == "json" && "$cmp" == "zlib-stream" ]] ;;
  esac
}

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  log "building the library (install into ${MAVEN_REPO:-~/.m2}), the sample-app and the peers"
  # gateway-benchmarks is packaged (benchmarks.jar runs the flood server), never installed
  (cd "$ROOT" && ./mvnw -q -B "${MVN_REPO_ARGS[@]}" install -DskipTests -pl gateway-starter,gateway-test,gateway-test-autoconfigure,gateway-consumer,gateway-benchmarks -am)
  (cd "$ROOT" && ./mvnw -q -B "${MVN_REPO_ARGS[@]}" clean package -DskipTests -pl sample-app) # clean: see the peers below
  built=" "
  for peer in $PEERS; do
    case "$peer" in
      starter-read) dir=starter ;; # same jar as starter
      jda-read) dir=jda ;;         # same jar as jda
      sample-app) dir=sample-app-probe ;;
      discordjs) (cd "$HERE/peers/discordjs" && npm ci --no-audit --no-fund --silent); continue ;;
      *) dir="$peer" ;;
    esac
    [[ "$built" == *" $dir "* ]] && continue
    built+="$dir "
    (cd "$HERE/peers/$dir" && "$ROOT/mvnw" -q -B "${MVN_REPO_ARGS[@]}" clean package -Dmaven.test.skip=true) # clean: a changed library alone does not make Maven repackage the jar
  done
fi
SERVER_JAR="$HERE/target/benchmarks.jar"
[[ -s "$SERVER_JAR" ]] || { log "missing $SERVER_JAR (run without SKIP_BUILD=1)"; exit 2; }

# One run: prints "events_per_s wire_MBps decoded_MBps seconds cpu_us_per_event" or "FAIL <reason>".
run_once() {
  local peer="$1" enc="$2" cmp="$3" tag="$4"
  local sout="$WORK/$tag.server.out" serr="$WORK/$tag.server.err" pout="$WORK/$tag.peer.out" cpu="$WORK/$tag.cpu"
  java $SERVER_FLAGS -cp "$SERVER_JAR" io.github.discordgateway.benchmarks.flood.FloodGateway \
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
  case "$peer" in
    starter-read) extra=(--read-data=true) ;;
    jda-read) extra=(--count=message --read=true) ;;
    sample-app) extra=(--discord.gateway.token="$TOKEN" --discord.gateway.api-base-url="http://127.0.0.1:$port/api/v10"
      --discord.gateway.encoding="$enc" --discord.gateway.compression="$cmp" --server.port=0
      --logging.level.io.github.discordgateway.sample.BotActivityLog=WARN --flood.events="$EVENTS" --flood.warmup="$WARMUP") ;;
  esac
  # shellcheck disable=SC2046
  $(peer_command "$peer") --port="$port" --events="$EVENTS" --warmup="$WARMUP" --encoding="$enc" \
    --compression="$cmp" "${extra[@]}" >"$pout" 2>&1 &
  local ppid=$!
  python3 "$HERE/cpu-sampler.py" "$ppid" "$cpu" >/dev/null 2>&1 &
  local cpid=$!
  # the watchdog must not hold this function's stdout (a command substitution waits for it)
  ( trap 'kill $sleeper 2>/dev/null' TERM; sleep "$RUN_TIMEOUT" & sleeper=$!; wait $sleeper && kill "$ppid" ) >/dev/null 2>&1 &
  local wpid=$!
  wait "$ppid" 2>/dev/null || true
  kill "$wpid" 2>/dev/null || true
  wait "$cpid" 2>/dev/null || true
  kill "$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
  local first last wire decoded cpu_s
  first="$(grep -ao 'firstByteMicros=[0-9]*' "$sout" | cut -d= -f2 || true)"
  wire="$(grep -ao 'FLOOD_SENT.*' "$sout" | grep -o 'wireBytes=[0-9]*' | cut -d= -f2 || true)"
  decoded="$(grep -ao 'FLOOD_SENT.*' "$sout" | grep -o 'decodedBytes=[0-9]*' | cut -d= -f2 || true)"
  last="$(grep -ao 'lastEventMicros=[0-9]*' "$pout" | cut -d= -f2 || true)"
  if [[ -z "$first" || -z "$last" ]]; then
    cp "$pout" "${OUT%.md}-$tag.peer.out" 2>/dev/null || true
    echo "FAIL no result (see ${OUT%.md}-$tag.peer.out)"; return
  fi
  cpu_s="$(python3 "$HERE/cpu-sampler.py" --between "$cpu" "$first" "$last")"
  awk -v n="$EVENTS" -v f="$first" -v l="$last" -v w="$wire" -v d="$decoded" -v c="$cpu_s" 'BEGIN {
    s = (l - f) / 1e6; printf "%.0f %.2f %.2f %.3f %.2f\n", n / s, w / s / 1e6, d / s / 1e6, s, c * 1e6 / n }'
}

printf "config\tpeer\trep\tevents_per_s\twire_MBps\tdecoded_MBps\tseconds\tcpu_us_per_event\tload1\n" >"$RAW"
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
      load="$(cut -d' ' -f1 /proc/loadavg)"
      log "rep $rep $config $peer: $result (load $(cut -d' ' -f1-3 /proc/loadavg))"
      if [[ "$result" != FAIL* ]]; then
        read -r eps wmb dmb secs cpu <<<"$result"
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$config" "$peer" "$rep" "$eps" "$wmb" "$dmb" "$secs" "$cpu" "$load" >>"$RAW"
      else
        printf "%s\t%s\t%s\tFAIL\t\t\t\t\t%s\n" "$config" "$peer" "$rep" "$load" >>"$RAW"
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
  echo "- Load when the runs ended: $(uptime | sed 's/.*load average/load average/') (the machine is a shared 2-vCPU VM: see the load column of the raw runs)"
  echo "- Load (1-minute average) at the start of the runs: $(awk -F'\t' 'NR > 1 { print $9 }' "$RAW" | sort -g | sed -n '1p;$p' | paste -sd' ' | sed 's/ / – /')"
  echo "- Peer JVM flags (all JVM peers): \`${JVM_FLAGS:-none (JVM defaults)}\`; flood server: \`$SERVER_FLAGS\`"
  echo "- $EVENTS measured MESSAGE_CREATE dispatches after $WARMUP warm-up dispatches in the same process and connection$( ((WARMUP == 0)) && echo ' (cold: a fresh JVM, JIT and GC included)'); $REPS repetitions, peer order rotated each repetition, fresh server and peer process per run"
  echo "- events/s = measured events / (peer's last event delivered - server's first byte written); CPU = the peer process's user + system time in that window (/proc/<pid>/stat), per measured event; MB = 10^6 bytes; wire = WebSocket frames as written; decoded = payload bytes after decompression"
  echo
  ref=jda; [[ " $PEERS " == *" jda-read "* ]] && ref=jda-read
  echo "| encoding + compression | peer | events/s median | min – max | CPU µs/event median | min – max | runs | events/s vs $ref | CPU vs $ref | wire MB/s | decoded MB/s |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for config in $CONFIGS; do
    read -r ref_med _ <<<"$(stat_of "$config" "$ref" 4)"
    read -r ref_cpu _ <<<"$(stat_of "$config" "$ref" 8)"
    for peer in $PEERS; do
      read -r med min max count <<<"$(stat_of "$config" "$peer" 4)"
      [[ "$count" == "0" ]] && continue
      read -r cmed cmin cmax _ <<<"$(stat_of "$config" "$peer" 8)"
      read -r wmed _ <<<"$(stat_of "$config" "$peer" 5)"
      read -r dmed _ <<<"$(stat_of "$config" "$peer" 6)"
      vr="-"; vc="-"
      [[ "$ref_med" != "-" ]] && vr="$(awk -v a="$med" -v b="$ref_med" 'BEGIN { printf "%.2f×", a / b }')"
      [[ "$ref_cpu" != "-" ]] && vc="$(awk -v a="$cmed" -v b="$ref_cpu" 'BEGIN { printf "%.2f×", a / b }')"
      printf "| %s | %s | %.0f | %.0f – %.0f | %.1f | %.1f – %.1f | %s | %s | %s | %.1f | %.1f |\n" "${config/:/ + }" "$peer" \
        "$med" "$min" "$max" "$cmed" "$cmin" "$cmax" "$count" "$vr" "$vc" "$wmed" "$dmed"
    done
  done
  echo
  echo "Raw runs: \`$(basename "$RAW")\`."
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
rm -rf "$WORK"
