#!/bin/sh
# render.sh PAGE - the man page renders without a warning: `man -l` (man-db,
# with groff's warnings on) and `groff -man -ww`, and with `mandoc -T lint`
# when mandoc is installed. Skipped when neither man nor groff is there.
page=$1
ran=0
fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if command -v man > /dev/null 2>&1; then
  ran=1
  MANWIDTH=80 MANPAGER=cat man --warnings=w -l "$page" 2> "$out" > /dev/null || fail=1
  [ -s "$out" ] && { echo "man -l warns:"; cat "$out"; fail=1; }
fi
if command -v groff > /dev/null 2>&1; then
  ran=1
  groff -man -Tutf8 -ww -z "$page" 2> "$out" || fail=1
  [ -s "$out" ] && { echo "groff warns:"; cat "$out"; fail=1; }
fi
if command -v mandoc > /dev/null 2>&1; then
  mandoc -T lint -W warning "$page" > "$out" 2>&1 || fail=1
  [ -s "$out" ] && { echo "mandoc -T lint:"; cat "$out"; fail=1; }
fi
[ $ran = 0 ] && { echo "skipped: neither man nor groff found (Debian: man-db, groff-base)"; exit 77; }
[ $fail = 0 ] && echo "man page: renders without warnings"
exit $fail
