#!/bin/sh
# check_bad.sh LAYERS_SH FIXTURE: layers.sh must fail on the fixture tree (an upward include, a
# module missing from the table, the command reaching into the engine, a circle in each part)
# and name each finding as in FIXTURE/expected (compared sorted: awk's order is not fixed).
out=$(sh "$1" "$2"); rc=$?
if [ "$rc" -ne 1 ]; then echo "layers.sh exited $rc on the bad fixture, expected 1"; exit 1; fi
printf '%s\n' "$out" | sort | diff -u "$2/expected" - || exit 1
