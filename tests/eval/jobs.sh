#!/bin/sh
# jobs.sh TRIAGE VIGNETTES_DIR - `triage eval --jobs 2` and `--jobs 3` write exactly the bytes
# `--jobs 1` writes (standard output, standard error and exit status), for every format,
# --coverage, --compare and --jsonl, on enough input to keep several threads busy.
triage=$1 vignettes=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here" || exit 2
# the vignettes repeated to 3000 cases in 8 files; the JSON Lines fixture repeated 300 times
sh ../../bench/eval-gen.sh "$vignettes" 3000 "$tmp/big" 400 || exit 2
i=0
while [ $i -lt 300 ]; do cat input/records.jsonl; i=$((i + 1)); done > "$tmp/records.jsonl"

fail=0
check() { # NAME STDIN ARGS...
  name=$1 input=$2
  shift 2
  for j in 1 2 3; do
    NO_COLOR=1 "$triage" eval --jobs $j "$@" < "$input" > "$tmp/$name.$j.out" 2> "$tmp/$name.$j.err"
    echo $? > "$tmp/$name.$j.status"
  done
  if [ ! -s "$tmp/$name.1.out" ]; then
    echo "$name: no output"
    fail=1
  fi
  for j in 2 3; do
    for k in out err status; do
      if ! cmp -s "$tmp/$name.1.$k" "$tmp/$name.$j.$k"; then
        echo "$name: --jobs $j: standard $k differs from --jobs 1"
        diff "$tmp/$name.1.$k" "$tmp/$name.$j.$k" | head -n 20
        fail=1
      fi
    done
  done
}
for f in text json junit tap; do
  check "vignettes-$f" /dev/null --format $f "$tmp/big"
  check "fixtures-$f" /dev/null --rules rules/basic.yaml --format $f cases invalid
done
check vignettes-coverage /dev/null --coverage "$tmp/big"
check compare-text /dev/null --rules rules/basic-v2.yaml --compare rules/basic.yaml compare cases
check compare-json /dev/null --rules rules/basic-v2.yaml --compare rules/basic.yaml --format json compare
check jsonl "$tmp/records.jsonl" --rules rules/basic.yaml --jsonl
if ! tail -n 1 "$tmp/vignettes-text.1.out" | grep -Eq '^3000 passed, 0 failed$|^[0-9]+ passed, [1-9][0-9]* failed$'; then
  echo "vignettes-text: unexpected last line: $(tail -n 1 "$tmp/vignettes-text.1.out")"
  fail=1
fi
[ $fail = 0 ] && echo "--jobs 2 and 3 write the same bytes as --jobs 1 (14 runs)"
exit $fail
