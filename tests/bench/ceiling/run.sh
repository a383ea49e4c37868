#!/usr/bin/env bash
# The transport ceiling on this machine: the bare gRPC callback server (bench_ceiling_server)
# answering one raw unary method with SIZE bytes serialized once at start, driven by h2load. Put a figure for jisrd beside
# this one, measured in the same run with the same h2load flags: the machines are shared and
# noisy, so absolute figures drift and ratios hold.
#   tests/bench/ceiling/run.sh [SIZE_BYTES=4096] [H2LOAD_FLAGS="-n 200000 -c 16 -m 32 -t 1"]
# Prints h2load's summary and then `ceiling: N req/s for a SIZE-byte unary response; C us of
# server CPU per call` (user + system time of the server over the run, from /proc).
# Needs a build with tests (tests/run, or cmake --build build) and h2load (nghttp2-client).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=${JISR_BUILD_DIR:-$repo/build}
size=${1:-4096}
flags=${2:-"-n 200000 -c 16 -m 32 -t 1"}
server="$build/tests/bench/ceiling/bench_ceiling_server"
[[ -x "$server" ]] || {
  echo "ceiling: $server is missing: build it with cmake --build $build --target bench_ceiling_server" >&2
  exit 1
}
command -v h2load >/dev/null || { echo "ceiling: h2load is missing: deploy/local/install-deps --test" >&2; exit 1; }

work=$(mktemp -d)
pid=
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
"$server" "$size" "$work/port" & pid=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.05; done
[[ -s "$work/port" ]] || { echo "ceiling: the server did not start" >&2; exit 1; }
port=$(cat "$work/port")
# The gRPC frame of CeilingRequest{name: "variants/article-123"}: a flag byte, a 4-byte
# big-endian length, then the message (field 1, length-delimited).
/usr/bin/python3 - "$work/req.bin" <<'PY'
import struct, sys
name = b"variants/article-123"
message = b"\x0a" + bytes([len(name)]) + name
open(sys.argv[1], "wb").write(b"\0" + struct.pack(">I", len(message)) + message)
PY
ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
# shellcheck disable=SC2086
h2load $flags -H 'content-type: application/grpc' -H 'te: trailers' -d "$work/req.bin" \
  "http://127.0.0.1:$port/jisr.bench.ceiling.Ceiling/Get" >"$work/h2load.out"
ticks=$(($(awk '{ print $14 + $15 }' "/proc/$pid/stat") - ticks))
grep -E 'finished in|requests:|status codes' "$work/h2load.out"
rps=$(sed -n 's/.*finished in [0-9.]*[mu]*s, \([0-9.]*\) req\/s.*/\1/p' "$work/h2load.out")
[[ -n "$rps" ]] || { echo "ceiling: h2load printed no rate:" >&2; cat "$work/h2load.out" >&2; exit 1; }
requests=$(sed -n 's/^requests: \([0-9]*\) total.*/\1/p' "$work/h2load.out")
cpu=$(awk -v t="$ticks" -v n="$requests" 'BEGIN { printf "%.1f", t * 10000 / n }')
echo "ceiling: $rps req/s for a $size-byte unary response; $cpu us of server CPU per call"
