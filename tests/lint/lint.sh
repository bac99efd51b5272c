#!/usr/bin/env bash
# lint.sh format|tidy <source dir> [<build dir>]
#   format: every tracked C++ file matches .clang-format
#   tidy:   clang-tidy (.clang-tidy) finds nothing in framework/src and apps
set -euo pipefail
mode=$1
src=$2
build=${3:-}
cd "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.h' '*.cc')
else
  mapfile -t files < <(find framework apps tests examples bench -name '*.h' -o -name '*.cc' 2>/dev/null)
fi
case $mode in
  format)
    clang-format --dry-run --Werror "${files[@]}"
    echo "clang-format: ${#files[@]} files clean"
    ;;
  tidy)
    tidy=$(command -v run-clang-tidy-14 || command -v run-clang-tidy)
    out=$("$tidy" -p "$build" -j 2 -quiet '^'"$src"'/(framework/src|apps)/' 2>&1 || true)
    findings=$(grep -E '(warning|error): ' <<<"$out" | sort -u || true)
    if [[ -n $findings ]]; then
      echo "$findings"
      exit 1
    fi
    echo "clang-tidy: no findings"
    ;;
  *) echo "usage: lint.sh format|tidy <source dir> [<build dir>]" >&2; exit 2 ;;
esac
