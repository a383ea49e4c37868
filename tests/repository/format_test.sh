#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted as .clang-format says, listing the files and
# the command that formats them.
#   tests/repository/format_test.sh [REPO_DIR]
set -euo pipefail
repo=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$repo"
command -v clang-format >/dev/null || {
  echo "format: clang-format is missing: deploy/local/install-deps --test installs it" >&2
  exit 1
}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cc' '*.h')
else
  mapfile -t files < <(find services clients tests -name '*.cc' -o -name '*.h')
fi
unformatted=()
for file in "${files[@]}"; do
  if ! clang-format --dry-run -Werror "$file" >/dev/null 2>&1; then unformatted+=("$file"); fi
done
if ((${#unformatted[@]} > 0)); then
  echo "format: ${#unformatted[@]} of ${#files[@]} C++ files are not formatted as .clang-format says:" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  echo "format: run  clang-format -i ${unformatted[*]:0:3}${unformatted[3]:+ ...}  (or on every" \
       "file: git ls-files '*.cc' '*.h' | xargs clang-format -i)" >&2
  exit 1
fi
echo "format: all ${#files[@]} C++ files are formatted as .clang-format says ($(clang-format --version))"
