#!/bin/sh
# pipe.sh CHECKER [CHECKER_ARGS...] -- COMMAND... - runs COMMAND inside tests/eval (exit status
# 0, 1 or 4 accepted: the fixtures include failing cases and an invalid file) and runs
# `CHECKER OUTPUT_FILE CHECKER_ARGS...` on its standard output; the checker's exit status is
# the test's.
checker=$1
shift
args=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  args="$args $1"
  shift
done
shift
cd "$(dirname "$0")" || exit 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
NO_COLOR=1 "$@" > "$out" 2>/dev/null
status=$?
case $status in 0|1|4) ;; *) echo "the command exited $status"; exit 1 ;; esac
# shellcheck disable=SC2086
"$checker" "$out" $args
