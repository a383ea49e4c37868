#!/usr/bin/env bash
# Installs playwright-core (npm ci from package-lock.json; it drives Debian's /usr/bin/chromium,
# it downloads no browser) and the renderer's packages and generated code into INSTALL_DIR in
# the build tree, then runs browser_test.js. Installs are redone only when a lock file changes.
#   run_browser_test.sh INSTALL_DIR   (JISRD, JISRCTL, JISR_TEST_CREDENTIALS, ARTIFACTS set)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
install_dir=${1:?usage: run_browser_test.sh INSTALL_DIR}

if [[ ! -x ${CHROMIUM:-/usr/bin/chromium} ]]; then
  echo "FAIL: ${CHROMIUM:-/usr/bin/chromium} is not installed: run deploy/local/install-deps --test (chromium)" >&2
  exit 1
fi
"$here/../testing/npm_ci.sh" "$here" "$install_dir/browser" "playwright-core"
"$here/../../clients/renderer/generate.sh" "$install_dir/renderer"
echo "renderer_browser: packages ready; starting jisrd, the renderer and Chromium"
RENDERER_BUILD="$install_dir/renderer" NODE_PATH="$install_dir/browser/node_modules" \
  exec node "$here/browser_test.js"
