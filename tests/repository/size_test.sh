#!/usr/bin/env bash
# Keeps services/ in pieces a newcomer can hold: no file over 400 lines and no function over 80
# (clang-tidy's readability-function-size), except SQL schema and data tables, which are long by
# nature (the schema files, and a function marked NOLINT(readability-function-size) with why).
#   tests/repository/size_test.sh BUILD_DIR [REPO_DIR]   (BUILD_DIR has compile_commands.json)
set -euo pipefail
build=${1:?usage: size_test.sh BUILD_DIR [REPO_DIR]}
repo=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$repo"
max_file_lines=400
max_function_lines=80
failed=0

# Files: schema.cc holds the SQL migrations of each engine.
while read -r lines file; do
  [[ "$file" == total ]] && continue
  [[ "$(basename "$file")" == schema.cc ]] && continue
  if ((lines > max_file_lines)); then
    echo "size: $file has $lines lines, more than $max_file_lines: split it along its seams" >&2
    failed=1
  fi
done < <(find services -name '*.cc' -o -name '*.h' | sort | xargs wc -l)

command -v clang-tidy >/dev/null || {
  echo "size: clang-tidy is missing: deploy/local/install-deps --test installs it" >&2
  exit 1
}
[[ -f "$build/compile_commands.json" ]] || {
  echo "size: no $build/compile_commands.json: configure the build first (tests/run does)" >&2
  exit 1
}
echo "size: checking functions in services/ with clang-tidy ($(nproc) at a time)"
report=$(find services -name '*.cc' | sort | xargs -P "$(nproc)" -n 8 clang-tidy -p "$build" \
  --quiet --header-filter="$repo/services/.*" -checks='-*,readability-function-size' \
  -config="{CheckOptions: [{key: readability-function-size.LineThreshold, value: $max_function_lines}]}" \
  2>/dev/null | grep -E 'exceeds recommended size' | sort -u || true)
if [[ -n "$report" ]]; then
  echo "$report" >&2
  echo "size: the functions above are over $max_function_lines lines: split each into functions" \
       "with one job (SQL schema may say NOLINT(readability-function-size) and why)" >&2
  failed=1
fi
((failed == 0)) && echo "size: no file over $max_file_lines lines, no function over $max_function_lines"
exit "$failed"
