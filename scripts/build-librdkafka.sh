#!/usr/bin/env bash
# Builds the librdkafka sluice links (statically) into a cache outside the
# source tree, once. scripts/install-deps.sh runs it after the Debian packages.
#
# Usage: scripts/build-librdkafka.sh [--print-prefix] [--help]
#
#   (no option)     download, check, build and install if the cache does not
#                   hold this build yet; otherwise say so and exit 0
#   --print-prefix  print the install prefix and exit (what CMake looks in)
#
# Why not Debian 12's librdkafka-dev (2.0.2): its main thread wakes up in a
# busy loop while a transaction is open (~9% of a core under exactly_once_v2,
# fixed upstream in 2.4.0), and newer releases fix transactional-producer and
# consumer bugs. 2.8.0 is Debian 13's version; its source comes from Debian's
# archive, checked against the SHA-256 of Debian's .dsc. See README.md,
# "Building by hand".
#
# Built with what Debian's own package has: SSL (OpenSSL), SASL (Cyrus, for
# GSSAPI; PLAIN, SCRAM and OAUTHBEARER are built in), zlib, zstd and lz4; no
# libcurl (OIDC token fetching), as in Debian 12's package.
#
# Environment:
#   SLUICE_CACHE_DIR     cache (default $HOME/.cache/sluice); the tarball goes
#                        to downloads/, the build to librdkafka-VERSION/
#   SLUICE_RDKAFKA_URL   where to download the source tarball from (default:
#                        Debian's archive); the SHA-256 must still match
#   SLUICE_JOBS          parallel compile jobs (default: nproc)
set -euo pipefail

readonly VERSION=2.8.0
readonly SHA256=5bd1c46f63265f31c6bfcedcde78703f77d28238eadf23821c2b43fc30be3e25
readonly TARBALL=librdkafka_${VERSION}.orig.tar.gz
readonly DEFAULT_URL=http://deb.debian.org/debian/pool/main/libr/librdkafka/$TARBALL
readonly CONFIGURE_FLAGS=(--enable-ssl --enable-sasl --enable-zlib --enable-zstd
                          --enable-lz4-ext --disable-curl)

CACHE_DIR=${SLUICE_CACHE_DIR:-${HOME:?HOME is not set: set SLUICE_CACHE_DIR}/.cache/sluice}
PREFIX=$CACHE_DIR/librdkafka-$VERSION
URL=${SLUICE_RDKAFKA_URL:-$DEFAULT_URL}
JOBS=${SLUICE_JOBS:-$(nproc)}
# What the stamp in the prefix records: a change of either rebuilds.
STAMP_TEXT="$VERSION $SHA256 ${CONFIGURE_FLAGS[*]}"

say() { echo "build-librdkafka: $*" >&2; }
die() { say "error: $*"; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

case "${1:-}" in
  "") ;;
  --print-prefix) echo "$PREFIX"; exit 0 ;;
  -h|--help) usage; exit 0 ;;
  *) echo "build-librdkafka: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

complete() {
  [[ -f $PREFIX/.complete && $(<"$PREFIX/.complete") == "$STAMP_TEXT" &&
     -f $PREFIX/lib/librdkafka.a && -f $PREFIX/lib/pkgconfig/rdkafka-static.pc ]]
}

if complete; then
  say "librdkafka $VERSION is already built in $PREFIX"
  exit 0
fi
for tool in curl sha256sum tar make gcc pkg-config flock; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh installs it)"
done

mkdir -p "$CACHE_DIR/downloads"
exec 9>"$CACHE_DIR/.librdkafka-$VERSION.lock"
flock -w 900 9 || die "timed out waiting for another build of librdkafka $VERSION"
if complete; then # another process built it while we waited
  say "librdkafka $VERSION is already built in $PREFIX"
  exit 0
fi

tarball=$CACHE_DIR/downloads/$TARBALL
if [[ ! -f $tarball ]] || ! echo "$SHA256  $tarball" | sha256sum -c --quiet 2>/dev/null; then
  say "downloading $URL"
  curl -fsSL --retry 3 --connect-timeout 20 -o "$tarball.part" "$URL" ||
    die "could not download $URL (set SLUICE_RDKAFKA_URL to a mirror of $TARBALL)"
  echo "$SHA256  $tarball.part" | sha256sum -c --quiet ||
    { rm -f "$tarball.part"; die "$URL: SHA-256 mismatch (expected $SHA256)"; }
  mv "$tarball.part" "$tarball"
fi

started=$SECONDS
work=$(mktemp -d "$CACHE_DIR/.librdkafka-$VERSION.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
src=$work/librdkafka-$VERSION
[[ -x $src/configure ]] || die "$TARBALL has no librdkafka-$VERSION/configure"
log=$work/build.log
say "building librdkafka $VERSION (${CONFIGURE_FLAGS[*]}) with $JOBS jobs; log: $log"
# Only the library (src/): the examples and tests are not needed. The staged
# prefix replaces the old one in one rename, so a failed build leaves no half.
if ! (cd "$src" && ./configure --prefix="$PREFIX" "${CONFIGURE_FLAGS[@]}" &&
      make -j"$JOBS" -C src && make -C src install DESTDIR="$work/stage") \
     >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  trap - EXIT
  die "build failed; the log is $log"
fi
staged=$work/stage$PREFIX
[[ -f $staged/lib/librdkafka.a ]] || die "make install put no librdkafka.a in $staged/lib"
echo "$STAMP_TEXT" >"$staged/.complete"
rm -rf "$PREFIX"
mv "$staged" "$PREFIX"
say "built librdkafka $VERSION into $PREFIX in $((SECONDS - started)) s"
