#!/usr/bin/env bash
# `make bench`: Tether and its peers (a naive Beast server, websocketpp, Node.js ws,
# uWebSockets.js) measured in the same run, alternating, RUNS runs each; then the restart storm against Tether and the
# micro-benchmarks. Medians and ratios go to docs/benchmarks.md (between the results
# markers) and to $OUT. The server is pinned to one core, tether-bench to the other.
#
# Knobs (environment): BUILD (build), RUNS (3), QUICK=1 (short runs, for a smoke check),
# CONNS_IDLE (10000), STORM_CLIENTS (5000),
# SERVERS ("tether naive-beast websocketpp node-ws uws-js"; a peer that is not built or
# cannot run here is skipped with a message), NO_DOCS=1 (do not touch docs/benchmarks.md).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BUILD="${BUILD:-build}"
RUNS="${RUNS:-3}"
QUICK="${QUICK:-0}"
CONNS_IDLE="${CONNS_IDLE:-10000}"
STORM_CLIENTS="${STORM_CLIENTS:-5000}"
SERVERS="${SERVERS:-tether naive-beast websocketpp node-ws uws-js}"
TOKEN="bench-token-$(date +%s)-$$"
OUT="${OUT:-$BUILD/bench-results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/tether-bench-XXXXXX)"

BENCH="$BUILD/bench/tether-bench"
NAIVE="$BUILD/bench/tether-peer-naive-beast"
WSPP="$BUILD/bench/tether-peer-websocketpp"
TETHER="${TETHER:-$BUILD/cli/tether}"
MICRO="$BUILD/bench/tether-microbench"
TRANSCRIPTS="$BUILD/bench/transcript_listing_bench"

if [ "$QUICK" = 1 ]; then
  DUR=1; WARM=0.5; PUSH_WORDS=500; PUSH_ROUNDS=1; CONNS_IDLE=$((CONNS_IDLE < 1000 ? CONNS_IDLE : 1000)); HOLD=0.5
  STORM_CLIENTS=$((STORM_CLIENTS < 200 ? STORM_CLIENTS : 200)); STORM_WORDS=200
else
  DUR=5; WARM=1; PUSH_WORDS=10000; PUSH_ROUNDS=3; HOLD=2; STORM_WORDS=400
fi

# File descriptors: 10,000 idle connections need 10,000 on each side (plus margin).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
FD_LIMIT="$(ulimit -n)"
if [ "$FD_LIMIT" != unlimited ] && [ "$CONNS_IDLE" -gt $((FD_LIMIT - 200)) ]; then
  echo "fd limit $FD_LIMIT: idle connections scaled down" >&2
  CONNS_IDLE=$((FD_LIMIT - 200))
fi
if [ "$FD_LIMIT" != unlimited ] && [ "$STORM_CLIENTS" -gt $((FD_LIMIT - 200)) ]; then
  STORM_CLIENTS=$((FD_LIMIT - 200))
fi

# Two cores or more: server on CPU 0, load generator on CPU 1.
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  PIN_SERVER=(taskset -c 0); PIN_BENCH=(taskset -c 1)
else
  PIN_SERVER=(); PIN_BENCH=()
fi

for binary in "$BENCH" "$NAIVE" "$TETHER"; do
  [ -x "$binary" ] || { echo "missing $binary: build first (make build)" >&2; exit 1; }
done
# The Node.js peers: npm ci from their lock files; uws-js also has to load its prebuilt
# binary (uWebSockets.js needs a recent enough glibc).
HAVE_NODE=0
if [[ " $SERVERS " == *" node-ws "* ]] && command -v node >/dev/null && command -v npm >/dev/null; then
  (cd bench/peers/node-ws && npm ci --no-audit --no-fund --silent) && HAVE_NODE=1
fi
HAVE_UWS=0
if [[ " $SERVERS " == *" uws-js "* ]] && command -v node >/dev/null && command -v npm >/dev/null; then
  (cd bench/peers/uws-js && npm ci --no-audit --no-fund --silent && node -e "require('uwebsockets')") && HAVE_UWS=1
fi

SERVER_PID=""
SERVER_URL=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_server NAME [extra tether args...]: sets SERVER_PID and SERVER_URL.
start_server() {
  local name="$1"; shift
  local log="$WORK/$name.out"
  : > "$log"
  case "$name" in
    tether)
      "${PIN_SERVER[@]}" "$TETHER" serve --host 127.0.0.1 --port "${PORT:-0}" --token "$TOKEN" \
        --data-dir "${DATA_DIR:-$WORK/data-$RANDOM}" --backend echo --echo-delay-ms "${ECHO_DELAY:-0}" \
        --threads "${TETHER_THREADS:-1}" --max-messages-per-second 0 --max-requests-per-second 0 --log-level warn "$@" > "$log" 2> "$WORK/$name.err" &
      ;;
    naive-beast) "${PIN_SERVER[@]}" "$NAIVE" 0 > "$log" 2> "$WORK/$name.err" & ;;
    websocketpp) "${PIN_SERVER[@]}" "$WSPP" 0 > "$log" 2> "$WORK/$name.err" & ;;
    node-ws) "${PIN_SERVER[@]}" node bench/peers/node-ws/server.js 0 > "$log" 2> "$WORK/$name.err" & ;;
    uws-js) "${PIN_SERVER[@]}" node bench/peers/uws-js/server.js 0 > "$log" 2> "$WORK/$name.err" & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    if grep -qE 'http://127\.0\.0\.1:[0-9]+/|ws://127\.0\.0\.1:[0-9]+/' "$log"; then break; fi
    sleep 0.05
  done
  local port
  port="$(grep -oE '127\.0\.0\.1:[0-9]+' "$log" | head -1 | cut -d: -f2)"
  [ -n "$port" ] || { echo "$name did not start:"; cat "$WORK/$name.err"; exit 1; }
  SERVER_URL="ws://127.0.0.1:$port/api/claude/ws"
  SERVER_PORT="$port"
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# bench NAME SCENARIO RUN args...: one measurement on a fresh server.
bench() {
  local name="$1" scenario="$2" run="$3"; shift 3
  start_server "$name"
  local extra=()
  [ "$name" != tether ] && [ "$scenario" = push ] && extra=(--session bench)
  local file="$OUT/$scenario.$name.$run.json"
  echo "== $scenario / $name / run $run"
  "${PIN_BENCH[@]}" "$BENCH" "${scenario/latency/pingpong}" --url "$SERVER_URL" --token "$TOKEN" \
    --server-pid "$SERVER_PID" --json "$file" "${extra[@]}" "$@" | sed 's/^/   /' || echo "   (errors reported)"
  stop_server
}

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "kernel: $(uname -srm)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "memory: $(grep MemTotal /proc/meminfo | awk '{print $2/1024/1024 " GiB"}')"
  echo "compiler: $(c++ --version | head -1)"
  echo "node: $(node --version 2>/dev/null || echo none)"
  echo "websocketpp: $(dpkg-query -W -f='${Version}' libwebsocketpp-dev 2>/dev/null || echo none)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "pinning: server ${PIN_SERVER[*]:-none}, tether-bench ${PIN_BENCH[*]:-none}"
  echo "fd limit: $FD_LIMIT; idle connections: $CONNS_IDLE; storm clients: $STORM_CLIENTS"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

PEERS=()
for name in $SERVERS; do
  if [ "$name" = node-ws ] && [ "$HAVE_NODE" != 1 ]; then echo "node-ws skipped (no node/npm)"; continue; fi
  if [ "$name" = uws-js ] && [ "$HAVE_UWS" != 1 ]; then
    echo "uws-js skipped (no node/npm, or uWebSockets.js does not load here)"; continue
  fi
  if [ "$name" = websocketpp ] && [ ! -x "$WSPP" ]; then
    echo "websocketpp skipped ($WSPP not built: libwebsocketpp-dev missing?)"; continue
  fi
  PEERS+=("$name")
done

for run in $(seq 1 "$RUNS"); do
  for name in "${PEERS[@]}"; do
    bench "$name" pingpong "$run" -c 100 -n 8 -d "$DUR" --warmup "$WARM"
    bench "$name" latency "$run" -c 1 -n 1 -d "$DUR" --warmup "$WARM"
    bench "$name" push "$run" -c 100 -w "$PUSH_WORDS" -r "$PUSH_ROUNDS" -d 60
    bench "$name" connections "$run" -c "$CONNS_IDLE" -d "$HOLD" --connect-timeout 30
  done
done

# Restart storm (Tether only: the peers have no history to resume). The server streams
# at 50 ms a word; it is killed (-9) once every session streams, and started again on
# the same port and data dir.
if [[ " ${PEERS[*]} " == *" tether "* ]]; then
  echo "== storm / tether ($STORM_CLIENTS clients)"
  DATA_DIR="$WORK/storm-data"
  ECHO_DELAY=50 DATA_DIR="$DATA_DIR" start_server tether
  STORM_PORT="$SERVER_PORT"
  rm -f "$WORK/storm.ready"
  "${PIN_BENCH[@]}" "$BENCH" storm --url "$SERVER_URL" --token "$TOKEN" -c "$STORM_CLIENTS" -s 50 \
    -w "$STORM_WORDS" -d 90 --connect-timeout 20 --ready-file "$WORK/storm.ready" --json "$OUT/storm.tether.1.json" \
    > "$WORK/storm.txt" 2>&1 &
  STORM_PID=$!
  for _ in $(seq 1 1200); do [ -f "$WORK/storm.ready" ] && break; sleep 0.05; done
  if [ -f "$WORK/storm.ready" ]; then
    kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
    sleep 0.5
    PORT="$STORM_PORT" ECHO_DELAY=50 DATA_DIR="$DATA_DIR" start_server tether
  else
    echo "   storm: the sessions never all streamed; no restart"
  fi
  wait "$STORM_PID" || true
  sed 's/^/   /' "$WORK/storm.txt"
  stop_server
fi

# Long sessions (Tether only): what opening a session of 100 and of HISTORY_TURNS turns
# (10 KB a message, 10 KB a reply) costs a new tab, from the tail and whole, and paging
# back to its start; the server's RSS.
if [[ " ${PEERS[*]} " == *" tether "* ]]; then
  for turns in 100 "${HISTORY_TURNS:-5000}"; do
    [ "$QUICK" = 1 ] && [ "$turns" != 100 ] && continue
    echo "== history / tether ($turns turns)"
    start_server tether
    "${PIN_BENCH[@]}" "$BENCH" history --url "$SERVER_URL" --token "$TOKEN" --server-pid "$SERVER_PID" \
      -t "$turns" --json "$OUT/history-$turns.json" | sed 's/^/   /' || echo "   (errors reported)"
    stop_server
  done
fi

# Memory (Tether only): 10,000 stored sessions with a turn each, then 100 of them opened by
# a tab each; the server's RSS. Against the same run with unloading off (every session
# used stays in memory, as before sessions could leave it).
if [[ " ${PEERS[*]} " == *" tether "* ]]; then
  STORED=10000; [ "$QUICK" = 1 ] && STORED=1000
  for unload in 1 0; do
    echo "== sessions / tether ($STORED stored, 100 active, --unload-idle-sessions-after $unload)"
    start_server tether --unload-idle-sessions-after "$unload"
    "${PIN_BENCH[@]}" "$BENCH" sessions --url "$SERVER_URL" --token "$TOKEN" --server-pid "$SERVER_PID" \
      --stored "$STORED" --active 100 --settle 5 --json "$OUT/sessions-unload-$unload.json" | sed 's/^/   /' \
      || echo "   (errors reported)"
    stop_server
  done
fi

# The browser at 10,000 turns (web/e2e/long-session.spec.ts): time until the last turn is
# on screen in a new tab, long tasks while scrolling to the top and back.
if [ -f web/package.json ] && [ -d web/node_modules ] && [ "$QUICK" != 1 ]; then
  echo "== browser / long session (10,000 turns)"
  TETHER_LONG_SESSION_TURNS=10000 npm --prefix web run e2e -- long-session.spec.ts 2>&1 \
    | grep -E "long session:|passed|failed" | sed 's/^/   /' || echo "   (failed)"
fi

if [ -x "$MICRO" ]; then
  echo "== micro-benchmarks"
  MIN_TIME=0.2; [ "$QUICK" = 1 ] && MIN_TIME=0.02
  "${PIN_BENCH[@]}" "$MICRO" --benchmark_min_time="$MIN_TIME" --benchmark_out="$OUT/micro.json" \
    --benchmark_out_format=json | tee "$OUT/micro.txt"
fi

# Listing Claude Code's conversations (~320 MB of generated transcripts in $TMPDIR): a full
# re-read (what the listing costs without the index) against the index's warm listing.
if [ -x "$TRANSCRIPTS" ] && [ "$QUICK" != 1 ]; then
  echo "== transcript listing"
  "${PIN_BENCH[@]}" "$TRANSCRIPTS" --benchmark_out="$OUT/transcripts.json" --benchmark_out_format=json \
    | tee "$OUT/transcripts.txt"
fi

SUMMARY_ARGS=("$OUT")
[ "${NO_DOCS:-0}" = 1 ] || SUMMARY_ARGS+=(--docs docs/benchmarks.md)
python3 bench/summarize.py "${SUMMARY_ARGS[@]}"
echo "results in $OUT"
