#!/bin/sh
# tsan.sh SOURCE [BUILD] - ThreadSanitizer over `triage eval --jobs` and `eval --jsonl --jobs`.
# Builds the library and the command with -DTRIAGE_TSAN=ON in BUILD (default
# SOURCE/build-tsan; tests and benchmarks are not built), then runs, with 4 threads and with
# TSAN_OPTIONS=halt_on_error=1 (the first race ends the run with status 66):
#   - the vignettes (tests/cases) in every output format, with --coverage and with --compare
#   - 3,000 cases in 8 files (the vignettes repeated by bench/eval-gen.sh)
#   - 6,000 JSON Lines records, good and bad (tests/eval/input/records.jsonl repeated), from a
#     file and from standard input
# and checks that each output is byte for byte the output of --jobs 1.
# Exit: 0 no race and the same outputs, 1 otherwise.
set -u
src=$(cd "$1" && pwd) || exit 2
build=${2:-$src/build-tsan}
start=$(date +%s)
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIAGE_TSAN=ON -DTRIAGE_WERROR=ON \
  -DTRIAGE_TESTS=OFF -DTRIAGE_BENCH=OFF -DTRIAGE_INSTALL=OFF > /dev/null || exit 1
cmake --build "$build" -j2 --target triage-cli > /dev/null || exit 1
built=$(date +%s)
triage=$build/triage
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
export NO_COLOR=1
sh "$src/bench/eval-gen.sh" "$src/tests/cases" 3000 "$tmp/big" 400 || exit 1
i=0
while [ $i -lt 500 ]; do cat "$src/tests/eval/input/records.jsonl"; i=$((i + 1)); done > "$tmp/records.jsonl"
basic="--rules $src/tests/eval/rules/basic.yaml"

fail=0
n=0
# check NAME STDIN ARGS...: eval --jobs 4 ARGS, no race, the same bytes and status as --jobs 1
check() {
  name=$1 input=$2
  shift 2
  n=$((n + 1))
  "$triage" eval --jobs 4 "$@" < "$input" > "$tmp/$name.4" 2> "$tmp/$name.4.err"
  s4=$?
  if [ $s4 -eq 66 ] || grep -q "ThreadSanitizer" "$tmp/$name.4.err"; then
    echo "FAIL: $name: ThreadSanitizer:"
    head -n 60 "$tmp/$name.4.err"
    fail=1
    return
  fi
  "$triage" eval --jobs 1 "$@" < "$input" > "$tmp/$name.1" 2> "$tmp/$name.1.err"
  s1=$?
  if [ $s1 -ne $s4 ] || ! cmp -s "$tmp/$name.1" "$tmp/$name.4" || ! cmp -s "$tmp/$name.1.err" "$tmp/$name.4.err"; then
    echo "FAIL: $name: --jobs 4 (exit $s4) differs from --jobs 1 (exit $s1)"
    fail=1
  fi
}
check vignettes-text /dev/null "$src/tests/cases"
check vignettes-json /dev/null --format json "$src/tests/cases"
check vignettes-junit /dev/null --format junit "$src/tests/cases"
check vignettes-tap /dev/null --format tap "$src/tests/cases"
check vignettes-coverage /dev/null --coverage "$src/tests/cases"
check vignettes-compare /dev/null --compare builtin --rules "$src/rules" "$src/tests/cases"
check big-3000 /dev/null --format json "$tmp/big"
check jsonl-file /dev/null $basic --jsonl "$tmp/records.jsonl"
check jsonl-stdin "$tmp/records.jsonl" $basic --jsonl
check jsonl-builtin "$tmp/records.jsonl" --jsonl
end=$(date +%s)
echo "tsan.sh: $n runs of eval --jobs 4 under ThreadSanitizer: $([ $fail = 0 ] && echo "no race, outputs identical to --jobs 1" || echo FAILED)" \
     "(build $((built - start)) s, runs $((end - built)) s)"
exit $fail
