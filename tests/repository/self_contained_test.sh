#!/usr/bin/env bash
# A clone alone must be enough: fails when a tracked file outside docs/ names the reference shelf
# beside the checkout (dot-dot-slash "shared"), which a user who clones from a forge does not have.
#   tests/repository/self_contained_test.sh [REPO_DIR]
set -euo pipefail
repo=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$repo"
# Spelled in two pieces so this file does not name it itself.
pattern='\.\./'"shared"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  offenders=$(git grep -lE "$pattern" -- . ':(exclude)docs/**' || true)
else
  offenders=$(grep -rlE --exclude-dir=docs --exclude-dir=build --exclude-dir=.git "$pattern" . || true)
fi
if [[ -n "$offenders" ]]; then
  echo "self_contained: these files name the folder beside the checkout, which a clone does not have:" >&2
  git grep -nE "$pattern" -- $offenders >&2 2>/dev/null || echo "$offenders" >&2
  echo "self_contained: copy what they need into the repository (tests/fixtures for real text)" >&2
  exit 1
fi
echo "self_contained: no tracked file outside docs/ reads the folder beside the checkout"
