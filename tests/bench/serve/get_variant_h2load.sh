#!/usr/bin/env bash
# The renderer's read path under load: GetVariant of a published page, driven by h2load,
# beside the bare-gRPC ceiling (tests/bench/ceiling) at the same response size with the same
# h2load flags, in the same run. Prints both, their ratio, and each server's CPU per call (the
# steadier figure when other work shares the machine).
#   tests/bench/serve/get_variant_h2load.sh [H2LOAD_FLAGS="-n 200000 -c 16 -m 32 -t 1"]
#   JISR_BENCH_JISRD_FLAGS=--log_level=warning tests/bench/serve/get_variant_h2load.sh
#                                           (extra jisrd flags: here, without the access log)
#   JISR_BENCH_PAGE=udhr-ar tests/bench/serve/get_variant_h2load.sh
#                                           (the page: seed, the seed article in English, about
#                                            15 KB answered; udhr-ar, the Universal Declaration
#                                            in Arabic, about 50 KB answered)
# Needs a build (tests/run or cmake --build build) and nghttp2-client (h2load).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=${JISR_BUILD_DIR:-$repo/build}
flags=${1:-"-n 200000 -c 16 -m 32 -t 1"}
for tool in h2load /usr/bin/python3 openssl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing: deploy/local/install-deps --test" >&2; exit 1; }
done
[[ -x "$build/services/jisrd/jisrd" && -x "$build/clients/jisrctl/jisrctl" ]] || {
  echo "bench: build first: tests/run (or cmake --build $build)" >&2; exit 1; }
case ${JISR_BENCH_PAGE:-seed} in
  seed) page=("$repo/tests/fixtures/seed-article-en.txt" --language=en) ;;
  udhr-ar) page=("$repo/tests/fixtures/udhr/arb.html" --language=ar --format=udhr-html) ;;
  *) echo "bench: JISR_BENCH_PAGE=${JISR_BENCH_PAGE} is not a page: give seed or udhr-ar" >&2; exit 2 ;;
esac

work=$(mktemp -d)
jisrd_pid=
cleanup() { [[ -n "$jisrd_pid" ]] && kill "$jisrd_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# The page is imported as the development credentials' admin (the seed's publication is
# back-dated to its "Updated:" time); h2load reads as an anonymous caller, a reader on loopback.
"$repo/deploy/local/dev-credentials" "$work/credentials" >/dev/null
mapfile -t credential_flags <"$work/credentials/jisrd.flags"

echo "bench: starting jisrd on a fresh SQLite file"
"$build/services/jisrd/jisrd" --listen=127.0.0.1:0 --port_file="$work/port" \
  --data_path="$work/jisr.db" "${credential_flags[@]}" ${JISR_BENCH_JISRD_FLAGS:-} \
  2>"$work/jisrd.log" &
jisrd_pid=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.1; done
[[ -s "$work/port" ]] || { echo "bench: jisrd did not start:"; cat "$work/jisrd.log"; exit 1; } >&2
port=$(cat "$work/port")

echo "bench: importing and publishing ${page[0]#"$repo/"}"
name=$("$build/clients/jisrctl/jisrctl" --server="127.0.0.1:$port" \
  --token-file="$work/credentials/demo-loader.token" import "${page[@]}" --publish --quiet)

# The request body as gRPC frames it, and the response size, read with a real client once
# (h2load counts HTTP status only, so this call also checks that grpc-status is OK).
size=$(PYTHONPATH="$build/clients/python/gen" /usr/bin/python3 - "$port" "$name" "$work/req.bin" <<'PY'
import struct, sys, grpc
from jisr.v1 import article_service_pb2 as api, article_service_pb2_grpc as api_grpc
port, name, out = sys.argv[1], sys.argv[2], sys.argv[3]
stub = api_grpc.ArticleServiceStub(grpc.insecure_channel(f"127.0.0.1:{port}"))
page = stub.GetVariant(api.GetVariantRequest(name=name))
assert page.headline, "the published page has no headline"
body = api.GetVariantRequest(name=name).SerializeToString()
open(out, "wb").write(b"\0" + struct.pack(">I", len(body)) + body)
print(page.ByteSize())
PY
)
echo "bench: GetVariant($name) answers $size bytes"

# Server CPU per call, from /proc (user + system ticks of 1/100 s): on a shared, busy machine
# it moves less than the rates do.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
echo "bench: h2load $flags against jisrd"
jisrd_ticks=$(cpu_ticks "$jisrd_pid")
# shellcheck disable=SC2086
h2load $flags -H 'content-type: application/grpc' -H 'te: trailers' -d "$work/req.bin" \
  "http://127.0.0.1:$port/jisr.v1.ArticleService/GetVariant" | tee "$work/jisr.out" |
  grep -E 'finished in|requests:|status codes'
jisrd_ticks=$(($(cpu_ticks "$jisrd_pid") - jisrd_ticks))
jisr_rps=$(sed -n 's/.*finished in [0-9.]*[mu]*s, \([0-9.]*\) req\/s.*/\1/p' "$work/jisr.out")
grep -qE '^requests: .* 0 failed' "$work/jisr.out" || {
  echo "bench: some GetVariant calls failed under load; see jisrd's log:" >&2
  tail -n 20 "$work/jisrd.log" >&2; exit 1; }
kill "$jisrd_pid"; wait "$jisrd_pid" 2>/dev/null || true; jisrd_pid=

echo "bench: the ceiling at $size bytes with the same flags"
JISR_BUILD_DIR="$build" "$repo/tests/bench/ceiling/run.sh" "$size" "$flags" | tee "$work/ceiling.out"
ceiling_rps=$(sed -n 's/^ceiling: \([0-9.]*\) req\/s.*/\1/p' "$work/ceiling.out")
ceiling_cpu=$(sed -n 's/.*; \([0-9.]*\) us of server CPU per call$/\1/p' "$work/ceiling.out")
requests=$(sed -n 's/^requests: \([0-9]*\) total.*/\1/p' "$work/jisr.out")
jisr_cpu=$(awk -v t="$jisrd_ticks" -v n="$requests" 'BEGIN { printf "%.1f", t * 10000 / n }')

ratio=$(awk -v a="$jisr_rps" -v b="$ceiling_rps" 'BEGIN { printf "%.2f", a / b }')
echo "jisr GetVariant: $jisr_rps req/s; ceiling: $ceiling_rps req/s; ratio $ratio ($size-byte response, h2load $flags)"
echo "server CPU per call: jisrd $jisr_cpu us; ceiling $ceiling_cpu us"
