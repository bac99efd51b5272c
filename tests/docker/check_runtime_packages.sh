#!/bin/bash
# Checks the runtime stage's package list of docker/Dockerfile against what
# the built binaries link.
#
# Usage: check_runtime_packages.sh DOCKERFILE BINARY...
#
# The list is the lines between "# runtime-packages: begin" and
# "# runtime-packages: end" in DOCKERFILE (package names, "\" continuations).
# Every library `ldd` resolves for a binary is mapped to the Debian package
# that owns it (dpkg -S). The check fails when
#   - a library is owned by no package (it would be missing in the image),
#   - a package owning a library the binary names in DT_NEEDED is not listed,
#   - a library pulled in indirectly belongs to a package that neither is
#     listed nor comes with a listed package's dependencies (Depends and
#     Pre-Depends, recursively, as installed here),
#   - a listed package owns no library of any binary (the image stays lean).
# Sanitizer runtimes (libasan, libubsan, libtsan, liblsan) are skipped: they
# come from the sanitizer flags of dev/tsan builds, which the image never uses.
#
# Exit codes: 0 pass, 1 fail, 77 skipped (no dpkg, ldd or readelf: not Debian).
set -euo pipefail

readonly SKIP=77
die() { echo "FAIL: $*" >&2; exit 1; }

(($# >= 2)) || { echo "usage: $0 DOCKERFILE BINARY..." >&2; exit 2; }
dockerfile=$1
shift
for tool in dpkg dpkg-query ldd readelf; do
  command -v "$tool" >/dev/null || {
    echo "SKIP: $tool not found (a Debian system is needed to map libraries to packages)"
    exit "$SKIP"
  }
done
[[ -r $dockerfile ]] || die "cannot read $dockerfile"

# --- the Dockerfile's list -------------------------------------------------
declare -A listed=()
in_block=0 found_begin=0 found_end=0
while IFS= read -r line; do
  case "$line" in
    "# runtime-packages: begin"*) in_block=1 found_begin=1; continue ;;
    "# runtime-packages: end"*) in_block=0 found_end=1; continue ;;
  esac
  ((in_block)) || continue
  [[ $line =~ ^[[:space:]]*# ]] && continue
  line=${line%\\}
  for word in $line; do
    [[ $word =~ ^[a-z0-9][a-z0-9.+-]+$ ]] ||
      die "'$word' between the runtime-packages markers is not a package name"
    listed[$word]=1
  done
done <"$dockerfile"
((found_begin && found_end)) || die "no '# runtime-packages: begin/end' markers in $dockerfile"
((${#listed[@]} > 0)) || die "the runtime-packages list in $dockerfile is empty"

# --- libraries and their packages ------------------------------------------
is_sanitizer_runtime() { [[ $(basename "$1") =~ ^lib(a|ub|t|l)san\.so ]]; }

# soname -> resolved path over all binaries; direct: the DT_NEEDED sonames.
declare -A lib_path=() direct_soname=()
for bin in "$@"; do
  [[ -x $bin ]] || die "$bin is not an executable (build it first)"
  # ldd prints "name => path (addr)", or "path (addr)" for the loader.
  while read -r first arrow path _; do
    if [[ $arrow == "=>" ]]; then
      [[ $path == not ]] && die "$(basename "$bin"): ldd cannot resolve $first"
      lib_path[$first]=$path
    elif [[ $first == /* ]]; then
      lib_path[$(basename "$first")]=$first
    fi
  done < <(ldd "$bin")
  needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  [[ -n $needed ]] || die "$(basename "$bin") has no DT_NEEDED entries (static?)"
  for soname in $needed; do direct_soname[$soname]=1; done
done
for soname in "${!lib_path[@]}"; do
  if is_sanitizer_runtime "${lib_path[$soname]}"; then
    echo "note: $soname skipped (sanitizer runtime of this build's flags)"
    unset "lib_path[$soname]" "direct_soname[$soname]"
  fi
done

# Where dpkg may know a library: its path, its canonical target, and the
# other side of merged /usr (/lib/x.so is dpkg's /usr/lib/x.so or v.v.).
candidates_of() {
  local c out=("$1" "$(readlink -f "$1")")
  for c in "${out[@]}"; do
    case "$c" in
      /usr/lib/*) out+=("${c#/usr}") ;;
      /lib/* | /lib64/*) out+=("/usr$c") ;;
    esac
  done
  printf '%s\n' "${out[@]}"
}
all_candidates=()
for soname in "${!lib_path[@]}"; do
  mapfile -t -O "${#all_candidates[@]}" all_candidates < <(candidates_of "${lib_path[$soname]}")
done
# One dpkg -S for all ("pkg[:arch][, pkg2...]: /path"; unknown paths only
# on stderr).
declare -A path_owner=()
while IFS= read -r line; do
  [[ $line == diversion* ]] && continue
  owner=${line%%: /*}
  owner=${owner%%,*}
  path_owner[/${line#*: /}]=${owner%%:*}
done < <(dpkg -S "${all_candidates[@]}" 2>/dev/null || true)

declare -A direct=() linked=() pkg_libs=()
for soname in $(printf '%s\n' "${!lib_path[@]}" | sort); do
  pkg=""
  while IFS= read -r c; do
    pkg=${path_owner[$c]:-}
    [[ -n $pkg ]] && break
  done < <(candidates_of "${lib_path[$soname]}")
  [[ -n $pkg ]] || die "${lib_path[$soname]} ($soname) belongs to no Debian package"
  linked[$pkg]=1
  pkg_libs[$pkg]+="${pkg_libs[$pkg]:+ }$soname"
  [[ -n ${direct_soname[$soname]+x} ]] && direct[$pkg]=1
done

# --- what the listed packages bring along ----------------------------------
declare -A closure=()
queue=("${!listed[@]}")
while ((${#queue[@]})); do
  pkg=${queue[0]}
  queue=("${queue[@]:1}")
  [[ -n ${closure[$pkg]+x} ]] && continue
  closure[$pkg]=1
  deps=$(dpkg-query -W -f='${Depends}, ${Pre-Depends}' "$pkg" 2>/dev/null) || continue
  # "a (>= 1), b:any | c" -> a, b, c (every alternative counts).
  while read -r dep _; do
    dep=${dep%:any}
    [[ -n $dep && -z ${closure[$dep]+x} ]] && queue+=("$dep")
  done < <(tr ',|' '\n' <<<"$deps")
done

# --- verdict ---------------------------------------------------------------
failures=0
for pkg in $(printf '%s\n' "${!linked[@]}" | sort); do
  if [[ -n ${listed[$pkg]+x} ]]; then
    echo "ok      $pkg (${pkg_libs[$pkg]})"
  elif [[ -n ${direct[$pkg]+x} ]]; then
    echo "MISSING $pkg: the binaries name ${pkg_libs[$pkg]} directly; add it to the list"
    failures=$((failures + 1))
  elif [[ -n ${closure[$pkg]+x} ]]; then
    echo "ok      $pkg (${pkg_libs[$pkg]}; comes with a listed package)"
  else
    echo "MISSING $pkg: ${pkg_libs[$pkg]} is loaded and no listed package depends on $pkg"
    failures=$((failures + 1))
  fi
done
for pkg in $(printf '%s\n' "${!listed[@]}" | sort); do
  if [[ -z ${linked[$pkg]+x} ]]; then
    echo "UNUSED  $pkg: listed, but no binary loads a library of it"
    failures=$((failures + 1))
  fi
done

if ((failures)); then
  echo "FAIL: $failures problem(s) with the runtime-packages list of $dockerfile"
  exit 1
fi
echo "PASS: ${#listed[@]} listed packages cover the ${#linked[@]} packages of the ${#lib_path[@]} libraries that $# binaries load"
