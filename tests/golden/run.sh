#!/bin/sh
# run.sh TRIAGE DIR - runs `TRIAGE $(cat DIR/cmd)` inside DIR with no colours and
# compares standard output and error (together) with DIR/expected, and the exit
# status with DIR/status (0 when the file is absent). DIR/stdin, if present, is the
# standard input (else /dev/null). Prints a diff on mismatch. The command runs with
# XDG_STATE_HOME set to a fresh temporary folder (where `triage ask` keeps answers),
# written $XDG_STATE_HOME in the output.
triage=$1
dir=$2
cd "$dir" || exit 2
want_status=0
[ -f status ] && want_status=$(cat status)
actual=$(mktemp)
state=$(mktemp -d)
trap 'rm -rf "$actual" "$state"' EXIT
# shellcheck disable=SC2046
input=/dev/null
[ -f stdin ] && input=stdin
NO_COLOR=1 XDG_STATE_HOME="$state" "$triage" $(cat cmd) < "$input" > "$actual.raw" 2>&1
got_status=$?
sed "s|$state|\$XDG_STATE_HOME|g" "$actual.raw" > "$actual"
rm -f "$actual.raw"
ok=0
if ! diff -u expected "$actual"; then
  ok=1
fi
if [ "$got_status" != "$want_status" ]; then
  echo "exit status: expected $want_status, got $got_status"
  ok=1
fi
exit $ok
