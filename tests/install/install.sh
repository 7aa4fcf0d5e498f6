#!/bin/sh
# install.sh MODE SOURCE BUILD WORK VERSION CC [CFLAGS...]
#
# Builds consumer/main.c, a program using libtriage, the ways an outside project would, once
# against the shared library and once against the static one, then runs both:
#   pkg-config        `cmake --install BUILD --prefix WORK/prefix`, then the compiler with
#                     `pkg-config --cflags --libs triage` (shared) and `pkg-config --static`
#                     (libtriage.a, with libyaml, PCRE2 and libm from Requires.private/Libs.private);
#                     the C example of the README's "Using the library" too (shared)
#   find-package      the same install, then consumer/CMakeLists.txt with find_package(triage)
#   add-subdirectory  consumer/CMakeLists.txt with add_subdirectory(SOURCE), nothing installed
# Each program must print the library's version and the level of its one answer
# (emergency), and be linked as it claims: the shared one needs libtriage.so.MAJOR, the static
# one no libtriage at all. CFLAGS (the sanitizer flags of a sanitizer build) go to every
# compile and link. Exits 77 (skipped) when a tool it needs is missing.
set -eu
mode=$1 source=$2 build=$3 work=$4 version=$5 cc=$6
shift 6
cflags="$*"
here=$(cd "$(dirname "$0")" && pwd)
major=${version%%.*}
cmake=${CMAKE:-cmake}
pkg_config=${PKG_CONFIG:-pkg-config}
readelf=${READELF:-readelf}

fail() { echo "install/$mode: $*" >&2; exit 1; }
need() {
  command -v "$1" >/dev/null 2>&1 || { echo "install/$mode: skipped: '$1' not found" >&2; exit 77; }
}
need "$cmake"
need "$readelf"

# check PROGRAM shared|static: runs it and checks what it printed and what it is linked to
check() {
  out=$("$1") || fail "$1 exited with status $?"
  case $out in
    "triage $version: "*" questions, level emergency") ;;
    *) fail "$1 printed '$out', expected 'triage $version: N questions, level emergency'" ;;
  esac
  needed=$("$readelf" -d "$1" | sed -n 's/.*(NEEDED).*\[\(libtriage[^]]*\)\].*/\1/p')
  if [ "$2" = shared ] && [ "$needed" != "libtriage.so.$major" ]; then
    fail "$1 should need libtriage.so.$major, needs '$needed'"
  fi
  if [ "$2" = static ] && [ -n "$needed" ]; then
    fail "$1 should hold libtriage itself, needs '$needed'"
  fi
  echo "install/$mode: $2: $out"
}

rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
programs=$work/consumer   # where the CMake projects write them
case $mode in
  pkg-config|find-package)
    "$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" ||
      fail "cmake --install failed (see $work/install.log)"
    ;;
esac

case $mode in
  pkg-config)
    need "$pkg_config"
    need "$cc"
    warnings="-std=c11 -pedantic -Wall -Wextra -Werror"   # the public header compiles cleanly
    pc=$(find "$prefix" -name triage.pc)
    [ -n "$pc" ] || fail "no triage.pc installed under $prefix"
    PKG_CONFIG_PATH=$(dirname "$pc")
    export PKG_CONFIG_PATH
    [ "$("$pkg_config" --modversion triage)" = "$version" ] || fail "triage.pc has the wrong version"
    libdir=$("$pkg_config" --variable=libdir triage)
    # shellcheck disable=SC2046,SC2086
    "$cc" $cflags $warnings -o "$work/use_shared" "$here/consumer/main.c" \
      $("$pkg_config" --cflags --libs triage) -Wl,-rpath,"$libdir" || fail "shared link failed"
    # -ltriage would pick libtriage.so when both are there: ask for the archive by its name
    static_libs=$(echo " $("$pkg_config" --static --libs triage) " | sed 's/ -ltriage / -l:libtriage.a /')
    # shellcheck disable=SC2046,SC2086
    "$cc" $cflags $warnings -o "$work/use_static" "$here/consumer/main.c" \
      $("$pkg_config" --cflags triage) $static_libs || fail "static link failed"
    programs=$work
    # the example in the README's "Using the library", built the same way
    sed -n '/^## Using the library/,/^## /p' "$source/README.md" |
      sed -n '/^```c$/,/^```$/p' | sed '1d;$d' >"$work/readme.c"
    [ -s "$work/readme.c" ] || fail "no C example in the README's 'Using the library'"
    # shellcheck disable=SC2046,SC2086
    "$cc" $cflags $warnings -o "$work/readme" "$work/readme.c" \
      $("$pkg_config" --cflags --libs triage) -Wl,-rpath,"$libdir" || fail "the README example does not build"
    out=$("$work/readme") || fail "the README example failed"
    [ "$out" = emergency ] || fail "the README example printed '$out', not 'emergency'"
    echo "install/$mode: the README example prints $out"
    ;;
  find-package)
    "$cmake" -S "$here/consumer" -B "$work/consumer" -DTRIAGE_VIA=package \
      -DTRIAGE_VERSION="$version" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" >"$work/configure.log" 2>&1 ||
      { cat "$work/configure.log" >&2; fail "find_package(triage) project did not configure"; }
    "$cmake" --build "$work/consumer" >"$work/build.log" 2>&1 ||
      { cat "$work/build.log" >&2; fail "find_package(triage) project did not build"; }
    ;;
  add-subdirectory)
    "$cmake" -S "$here/consumer" -B "$work/consumer" -DTRIAGE_VIA=subdirectory \
      -DTRIAGE_SOURCE_DIR="$source" \
      -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" >"$work/configure.log" 2>&1 ||
      { cat "$work/configure.log" >&2; fail "add_subdirectory(triage) project did not configure"; }
    "$cmake" --build "$work/consumer" --parallel 2 >"$work/build.log" 2>&1 ||
      { cat "$work/build.log" >&2; fail "add_subdirectory(triage) project did not build"; }
    ;;
  *)
    fail "unknown mode (pkg-config, find-package or add-subdirectory)"
    ;;
esac

check "$programs/use_shared" shared
check "$programs/use_static" static
