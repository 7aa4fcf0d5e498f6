#!/bin/sh
# fuzz.sh TARGET [SECONDS] - fuzz one target with libFuzzer (clang, ASan and UBSan, both fatal).
# fuzz.sh all [SECONDS]    - fuzz every target in turn, SECONDS each, then print a summary.
#   TARGET: rules | answers | text | jsonl | cases | ask | quantity (tests/fuzz/fuzz_targets.c)
#
# Builds the engine with clang into build-fuzz/, then fuzzes from the stored corpus
# tests/fuzz/corpus/TARGET (seeded from rules/ and tests/ by seed.sh) with the target's
# dictionary. New interesting inputs go to build-fuzz/corpus-TARGET (not committed). UBSan
# stops at its first report (-fno-sanitize-recover=all), so every finding, like every crash,
# leak or timeout, leaves its input in build-fuzz/crash-TARGET-*: fix the bug, then copy the
# input to tests/fuzz/corpus/TARGET/crash-NAME so the replay test (fuzz/replay-TARGET) keeps
# it fixed. Exit status: 0 when no target found anything.
set -eu
cd "$(dirname "$0")/../.."
targets="rules answers text jsonl cases ask quantity"
target=${1:-}
seconds=${2:-60}
case " $targets all " in
*" $target "*) ;;
*) echo "usage: $0 rules|answers|text|jsonl|cases|ask|quantity|all [SECONDS]" >&2; exit 2 ;;
esac

sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
  -DTRIAGE_TESTS=OFF -DTRIAGE_BENCH=OFF -DTRIAGE_INSTALL=OFF \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link $sanitize -g -O1" >/dev/null
cmake --build build-fuzz -j2 --target triage_engine >/dev/null

number() { # the FUZZ_TARGET number of a target: its place in $targets
  i=0
  for t in $targets; do i=$((i + 1)); [ "$t" = "$1" ] && echo $i; done
}

dict() { # the dictionary of a target
  case "$1" in
  rules) echo tests/fuzz/rules.dict ;;
  ask) echo tests/fuzz/ask.dict ;;
  quantity | text) echo tests/fuzz/quantity.dict ;;
  *) echo tests/fuzz/answers.dict ;;
  esac
}

build() {
  # shellcheck disable=SC2086,SC2046
  clang -g -O1 -fsanitize=fuzzer $sanitize -DFUZZING -DFUZZ_TARGET="$(number "$1")" \
    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Iengine \
    tests/fuzz/fuzz_targets.c build-fuzz/libtriage_engine.a \
    $(pkg-config --libs yaml-0.1 libpcre2-8) -lm -o "build-fuzz/fuzz_$1"
}

run() { # run TARGET SECONDS: fuzz, keep the log, return libFuzzer's status
  mkdir -p "build-fuzz/corpus-$1"
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
    "build-fuzz/fuzz_$1" -max_total_time="$2" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict="$(dict "$1")" -artifact_prefix="build-fuzz/crash-$1-" -print_final_stats=1 \
    "build-fuzz/corpus-$1" "tests/fuzz/corpus/$1" 2>&1 | tee "build-fuzz/fuzz-$1.log" |
    grep -E '^(#[0-9]+ +(DONE|INITED)|==[0-9]+==|SUMMARY|stat::|Done)' || true
  ! grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: ' \
    "build-fuzz/fuzz-$1.log"
}

if [ "$target" != all ]; then
  build "$target"
  run "$target" "$seconds"
  exit $?
fi

status=0
summary=""
for t in $targets; do
  build "$t"
  if run "$t" "$seconds"; then result=clean; else result=FOUND; status=1; fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/fuzz-$t.log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "build-fuzz/fuzz-$t.log" | tail -1)
  summary="$summary$(printf '%-9s %10s runs in %ss, %s: %s' "$t" "${runs:-?}" "$seconds" \
    "${cov:-cov: ?}" "$result")
"
done
printf '\n%s' "$summary"
exit $status
