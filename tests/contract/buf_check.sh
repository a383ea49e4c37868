#!/usr/bin/env bash
# Checks the jisr.v1 contract with buf, configured by proto/buf.yaml:
#   lint      buf's STANDARD and COMMENTS rules (the AIP exceptions are listed in buf.yaml)
#   breaking  no FILE-level breaking change since the latest tag or, with no tag, since HEAD~1
# buf is the exact version in package-lock.json: npm ci installs it into a directory of the build
# tree, again only when the lock file changes, so later runs need no network.
#   buf_check.sh lint|breaking INSTALL_DIR [REPO_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage="usage: buf_check.sh lint|breaking INSTALL_DIR [REPO_DIR]"
check=${1:?$usage}
install_dir=${2:?$usage}
repo=$(cd "${3:-$here/../..}" && pwd -P)
[[ "$check" == lint || "$check" == breaking ]] || { echo "$usage" >&2; exit 2; }

"$here/../testing/npm_ci.sh" "$here" "$install_dir" "@bufbuild/buf"
buf="$install_dir/node_modules/.bin/buf"
# buf caches modules and git clones under $HOME by default: keep everything in the build tree.
export BUF_CACHE_DIR="$install_dir/cache"
echo "buf $("$buf" --version)"

# buf reports a .proto that does not compile as it reports a broken rule (exit 100): build first,
# so that each gets its own advice.
if ! "$buf" build "$repo/proto" -o /dev/null; then
  echo "FAIL: buf cannot compile proto/ (message above): fix the .proto file, or proto/buf.yaml" >&2
  exit 1
fi

if [[ "$check" == lint ]]; then
  echo "buf lint: proto/ (STANDARD and COMMENTS, exceptions in proto/buf.yaml)"
  if ! "$buf" lint "$repo/proto"; then
    echo "FAIL: the contract breaks the lint rules above: fix the comments, or names not released" \
         "yet; a released name stays, with an exception and its reason in proto/buf.yaml" \
         "(lint.ignore_only)" >&2
    exit 1
  fi
  echo "buf lint: the contract follows the rules"
  exit 0
fi

# Breaking: which earlier contract to compare with. Without one there is nothing to check, which
# is not a failure, but say why.
cd "$repo"
if [[ "$(git rev-parse --show-toplevel 2>/dev/null)" != "$repo" ]]; then
  echo "buf breaking: not checked: $repo is not a git checkout, so there is no earlier contract"
  exit 0
fi
if [[ "$(git rev-parse --is-shallow-repository)" == true ]]; then
  echo "buf breaking: not checked: the checkout is shallow, so the latest tag and HEAD~1 may be" \
       "missing: git fetch --unshallow, then run the test again"
  exit 0
fi
ref=$(git describe --tags --abbrev=0 2>/dev/null || true)
if [[ -z "$ref" ]]; then
  if ! git rev-parse --verify --quiet 'HEAD~1^{commit}' >/dev/null; then
    echo "buf breaking: not checked: no tag and no previous commit, so no earlier contract"
    exit 0
  fi
  ref=HEAD~1
fi
if ! git cat-file -e "$ref:proto" 2>/dev/null; then
  echo "buf breaking: not checked: $ref has no proto/ directory, so no earlier contract"
  exit 0
fi

# The earlier contract from git archive rather than buf's own git input, which clones only the
# last 50 commits (a tag further back would not be found). A contract from before proto/buf.yaml
# existed is laid out with today's modules, so its files have the same names as today's.
against=$(mktemp -d)
trap 'rm -rf "$against"' EXIT
git archive "$ref" proto | tar -x -C "$against"
if [[ ! -f "$against/proto/buf.yaml" ]]; then
  cp "$repo/proto/buf.yaml" "$against/proto/buf.yaml"
fi
commit=$(git rev-parse --short "$ref^{commit}")
echo "buf breaking: proto/ in the working tree against $ref ($commit), FILE rules"
if ! "$buf" breaking "$repo/proto" --against "$against/proto"; then
  echo "FAIL: the changes above break the contract as it was in $ref ($commit): keep every" \
       "message, field, enum value and rpc with its name, number, type and file; add new ones" \
       "instead, and mark old ones deprecated rather than deleting them" >&2
  exit 1
fi
echo "buf breaking: no breaking change since $ref ($commit)"
