#!/usr/bin/env bash
# Installs the renderer's exact npm dependencies (package-lock.json, npm ci) into BUILD_DIR and
# generates JavaScript for proto/jisr/v1 there with Debian's protoc and @bufbuild/protoc-gen-es.
# Both are redone only when their inputs change, so a second start needs no network.
#   generate.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:?usage: generate.sh BUILD_DIR}

if ! command -v protoc >/dev/null; then
  echo "renderer: protoc is not installed: run deploy/local/install-deps (protobuf-compiler)" >&2
  exit 1
fi
"$repo/tests/testing/npm_ci.sh" "$here" "$build" "the renderer's packages (@grpc/grpc-js, @bufbuild/protobuf)"

# CommonJS output (js_import_style=legacy_commonjs) so plain require() loads it; the code goes
# under BUILD_DIR so its own imports find BUILD_DIR/node_modules.
stamp="$build/gen/.inputs"
inputs=$(cat "$repo"/proto/jisr/v1/*.proto "$build/node_modules/.jisr-package-lock.json" | sha256sum)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$inputs" ]]; then exit 0; fi
rm -rf "$build/gen" && mkdir -p "$build/gen"
protoc -I "$repo/proto" \
  --plugin=protoc-gen-es="$build/node_modules/.bin/protoc-gen-es" \
  --es_out="$build/gen" --es_opt=target=js,js_import_style=legacy_commonjs \
  "$repo"/proto/jisr/v1/*.proto
echo "$inputs" >"$stamp"
