#!/usr/bin/env bash
# Installs the Node test's exact dependencies from package-lock.json (npm ci) into a directory of
# the build tree, then runs text_offsets_test.js with them. The install is redone only when the
# lock file changes, so later runs need no network. A failed install fails the test, saying why.
#   run_text_offsets_test.sh INSTALL_DIR     (JISRD and TEXT_OFFSETS_REFERENCE in the environment)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
install_dir=${1:?usage: run_text_offsets_test.sh INSTALL_DIR}

"$here/../../testing/npm_ci.sh" "$here" "$install_dir" "@grpc/grpc-js and @grpc/proto-loader"

NODE_PATH="$install_dir/node_modules" exec node "$here/text_offsets_test.js"
