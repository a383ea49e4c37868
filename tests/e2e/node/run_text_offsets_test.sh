#!/usr/bin/env bash
# Installs the Node test's exact dependencies from package-lock.json (npm ci) into a directory of
# the build tree, then runs text_offsets_test.js with them. The install is redone only when the
# lock file changes, so later runs need no network. A failed install fails the test, saying why.
#   run_text_offsets_test.sh INSTALL_DIR     (JISRD and TEXT_OFFSETS_REFERENCE in the environment)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
install_dir=${1:?usage: run_text_offsets_test.sh INSTALL_DIR}

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool is not installed: run deploy/local/install-deps --test (Node.js 20 and npm)" >&2
    exit 1
  fi
done

mkdir -p "$install_dir"
installed_lock="$install_dir/node_modules/.jisr-package-lock.json"
if ! cmp -s "$here/package-lock.json" "$installed_lock"; then
  cp "$here/package.json" "$here/package-lock.json" "$install_dir/"
  log="$install_dir/npm-ci.log"
  echo "npm ci: installing @grpc/grpc-js and @grpc/proto-loader into $install_dir"
  if ! npm ci --prefix "$install_dir" --ignore-scripts --no-audit --no-fund >"$log" 2>&1; then
    cat "$log" >&2
    if grep -Eq 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network|proxy' "$log"; then
      echo "FAIL: npm could not reach the registry ($(npm config get registry)) to install the" \
           "Node test's dependencies: connect to it (or set npm's registry and proxy settings)" \
           "and run the test again" >&2
    else
      echo "FAIL: npm ci could not install the Node test's dependencies (log above): check that" \
           "tests/e2e/node/package-lock.json matches package.json (npm install --package-lock-only)" >&2
    fi
    exit 1
  fi
  cp "$here/package-lock.json" "$installed_lock"
fi

NODE_PATH="$install_dir/node_modules" exec node "$here/text_offsets_test.js"
