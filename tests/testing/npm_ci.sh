#!/usr/bin/env bash
# Installs a test's exact npm dependencies (package.json + package-lock.json in PACKAGE_DIR) into
# INSTALL_DIR in the build tree with `npm ci`, again only when the lock file changes, so later runs
# need no network. Exits non-zero, saying why and what to do, when it cannot install.
#   npm_ci.sh PACKAGE_DIR INSTALL_DIR WHAT     (WHAT names the packages in messages)
set -euo pipefail
package_dir=${1:?usage: npm_ci.sh PACKAGE_DIR INSTALL_DIR WHAT}
install_dir=${2:?usage: npm_ci.sh PACKAGE_DIR INSTALL_DIR WHAT}
what=${3:?usage: npm_ci.sh PACKAGE_DIR INSTALL_DIR WHAT}

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool is not installed: run deploy/local/install-deps --test (Node.js 20 and npm)" >&2
    exit 1
  fi
done

mkdir -p "$install_dir"
installed_lock="$install_dir/node_modules/.jisr-package-lock.json"
cmp -s "$package_dir/package-lock.json" "$installed_lock" && exit 0
cp "$package_dir/package.json" "$package_dir/package-lock.json" "$install_dir/"
log="$install_dir/npm-ci.log"
echo "npm ci: installing $what into $install_dir"
# Run from the directory rather than with --prefix: --prefix also moves npm's global config
# (its cafile, proxy and registry settings) to <prefix>/etc/npmrc, where there is none.
# --ignore-scripts: the lock file already names each platform's binary package.
if ! (cd "$install_dir" && npm ci --ignore-scripts --no-audit --no-fund) >"$log" 2>&1; then
  cat "$log" >&2
  if grep -Eq 'CERT|certificate' "$log"; then
    echo "FAIL: npm cannot verify the registry's TLS certificate: point npm at your CA bundle" \
         "(npm config set cafile /etc/ssl/certs/ca-certificates.crt) and run the test again" >&2
  elif grep -Eq 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network|proxy' "$log"; then
    echo "FAIL: npm could not reach the registry ($(npm config get registry)) to install $what:" \
         "connect to it (or set npm's registry and proxy settings) and run the test again" >&2
  else
    echo "FAIL: npm ci could not install $what (log above): check that $package_dir/package-lock.json" \
         "matches its package.json (npm install --package-lock-only)" >&2
  fi
  exit 1
fi
cp "$package_dir/package-lock.json" "$installed_lock"
