#!/bin/sh
# bootstrap.sh - set everything up on a fresh Debian machine, then do one thing.
#
#   ./bootstrap.sh ask [ARGS]   install what is missing, build, start the questionnaire
#   ./bootstrap.sh test         install what is missing, build with -Werror, run every test,
#                               then run every test again under ASan/UBSan, a subset under
#                               Valgrind memcheck (tests/valgrind.sh) and eval --jobs under
#                               ThreadSanitizer (tests/tsan.sh)
#   ./bootstrap.sh build        install what is missing and build (build/triage)
#
# Needs root or sudo only when a Debian package is missing.
set -eu
cd "$(dirname "$0")"

packages="gcc libc6-dev make cmake pkg-config libyaml-dev libpcre2-dev check libedit-dev libjansson-dev"
test_packages="python3 python3-yaml python3-jsonschema tmux man-db groff-base zsh perl libxml2-utils valgrind"

missing() {
  out=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || out="$out $p"
  done
  echo "$out"
}

install() {
  need=$(missing "$@")
  [ -z "$need" ] && return 0
  echo "bootstrap: installing$need" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >&2
}

build() {
  dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc 2>/dev/null || echo 2)"
}

cmd=${1:-ask}
[ $# -gt 0 ] && shift
case "$cmd" in
  ask)
    install $packages
    build build >/dev/null
    exec build/triage ask "$@"
    ;;
  build)
    install $packages
    build build
    ;;
  test)
    install $packages $test_packages
    tests/fhir/setup.sh || echo "bootstrap: FHIR and ajv checkers not installed; their tests are skipped" >&2
    build build -DTRIAGE_WERROR=ON
    ctest --test-dir build --output-on-failure -j2
    build build-sanitize -DTRIAGE_WERROR=ON -DTRIAGE_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build-sanitize --output-on-failure -j2
    sh tests/valgrind.sh build . 2
    sh tests/tsan.sh . build-tsan
    ;;
  *)
    echo "usage: ./bootstrap.sh ask|test|build" >&2
    exit 2
    ;;
esac
