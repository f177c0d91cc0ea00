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
passed=0
for target in envelope sse access stream_json http_body sse_client websocket_frames transcript; do
  work=$(mktemp -d)
  cp "$here/corpus/$target"/* "$work"/ 2>/dev/null || true
  case "$target" in
    envelope | sse | http_body) cp "$root"/protocol/fixtures/*.json "$work"/ ;;
  esac
  echo "fuzz: $target for ${seconds}s"
  "$build/${target}_fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/${target}-" "$work" 2>"$build/$target.log" || {
    tail -40 "$build/$target.log"
    echo "fuzz: $target found a problem; the input is in $build/${target}-*"
    echo "$passed passed, 1 failed"
    exit 1
  }
  grep -E "^(#[0-9]+|Done)" "$build/$target.log" | tail -1
  rm -rf "$work"
  passed=$((passed + 1))
done
echo "fuzz: $passed passed, 0 failed"
