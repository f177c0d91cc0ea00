#!/usr/bin/env bash
# Builds the fuzz targets with clang and runs each for SECONDS (default 10) on its seed
# corpus (tests/fuzz/corpus/<target>, plus the golden envelopes). Findings fail the run.
#   tests/fuzz/run.sh            brief runs, part of `make test`
#   tests/fuzz/run.sh 300        longer runs, `make fuzz`
set -euo pipefail
seconds=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD:-$root/build-fuzz}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" >/dev/null
# One target: its corpus in a scratch folder, SECONDS of fuzzing; a finding prints its tail.
run_target() {
  local target=$1 work
  work=$(mktemp -d)
  cp "$here/corpus/$target"/* "$work"/ 2>/dev/null || true
  case "$target" in
    envelope | sse | http_body) cp "$root"/protocol/fixtures/*.json "$work"/ ;;
  esac
  if "$build/${target}_fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/${target}-" "$work" 2>"$build/$target.log"; then
    echo "fuzz: $target for ${seconds}s: $(grep -E "^(#[0-9]+|Done)" "$build/$target.log" | tail -1)"
    rm -rf "$work"
  else
    tail -40 "$build/$target.log"
    echo "fuzz: $target found a problem; the input is in $build/${target}-*"
    rm -rf "$work"
    return 1
  fi
}

# Each target is single-threaded: as many at once as there are cores.
jobs=$(nproc)
pids=()
names=()
failed=0
for target in envelope sse access stream_json http_body sse_client websocket_frames transcript; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 0.2; done
  run_target "$target" &
  pids+=($!)
  names+=("$target")
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { failed=$((failed + 1)); echo "fuzz: ${names[$i]} failed"; }
done
echo "fuzz: $((${#pids[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
