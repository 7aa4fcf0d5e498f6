#!/bin/sh
# run.sh TRIAGE NAME STATUS STDIN [ARGS...] - a golden test of `triage eval`.
#
# Runs `TRIAGE ARGS...` inside tests/eval (so paths in the output are short and stable), with
# no colours and STDIN as standard input ('-' for /dev/null). Compares standard output with
# expected/NAME.out, standard error with expected/NAME.err (empty when the file is absent) and
# the exit status with STATUS; prints a diff on a mismatch.
# EVAL_UPDATE=1 writes the expected files instead: review every change before committing it.
triage=$1 name=$2 want_status=$3 input=$4
shift 4
cd "$(dirname "$0")" || exit 2
[ "$input" = - ] && input=/dev/null
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
NO_COLOR=1 "$triage" "$@" < "$input" > "$out" 2> "$err"
got_status=$?
if [ "${EVAL_UPDATE:-}" = 1 ]; then
  cp "$out" "expected/$name.out"
  if [ -s "$err" ]; then cp "$err" "expected/$name.err"; else rm -f "expected/$name.err"; fi
  [ "$got_status" = "$want_status" ] || echo "$name: exit status $got_status, expected $want_status"
  exit 0
fi
ok=0
diff -u "expected/$name.out" "$out" || ok=1
if [ -f "expected/$name.err" ]; then
  diff -u "expected/$name.err" "$err" || ok=1
elif [ -s "$err" ]; then
  echo "unexpected standard error:"; cat "$err"; ok=1
fi
if [ "$got_status" != "$want_status" ]; then
  echo "exit status: expected $want_status, got $got_status"
  ok=1
fi
exit $ok
