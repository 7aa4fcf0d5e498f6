#!/bin/sh
# run.sh TRIAGE DIR - runs `TRIAGE $(cat DIR/cmd)` inside DIR with no colours and
# compares standard output and error (together) with DIR/expected, and the exit
# status with DIR/status (0 when the file is absent). DIR/stdin, if present, is the
# standard input (else /dev/null). Prints a diff on mismatch.
triage=$1
dir=$2
cd "$dir" || exit 2
want_status=0
[ -f status ] && want_status=$(cat status)
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
# shellcheck disable=SC2046
input=/dev/null
[ -f stdin ] && input=stdin
NO_COLOR=1 "$triage" $(cat cmd) < "$input" > "$actual" 2>&1
got_status=$?
ok=0
if ! diff -u expected "$actual"; then
  ok=1
fi
if [ "$got_status" != "$want_status" ]; then
  echo "exit status: expected $want_status, got $got_status"
  ok=1
fi
exit $ok
