#!/bin/sh
# rules_export.sh TRIAGE TOP - `triage rules export DIR` writes the built-in
# rule files byte-identical to rules/; a second export into the same folder
# refuses to overwrite; `eval --compare builtin` compares with the built-in
# rules (here: the exported copy against them, so nothing changed).
triage=$1
top=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$triage" rules export "$tmp/kb" 2> "$tmp/err" || { echo "export failed:"; cat "$tmp/err"; exit 1; }
if ! diff -r "$top/rules" "$tmp/kb"; then
  echo "the exported rules differ from rules/"
  fail=1
fi
"$triage" rules export "$tmp/kb" 2> "$tmp/err"
rc=$?
if [ $rc != 4 ] || ! grep -q "exists already; not overwritten" "$tmp/err"; then
  echo "a second export should refuse to overwrite (exit 4), got $rc:"
  cat "$tmp/err"
  fail=1
fi
"$triage" eval --rules "$tmp/kb" --compare builtin --format json "$top/tests/cases" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc != 0 ] || ! grep -q '"rules":"builtin","changed_count":0,' "$tmp/out"; then
  echo "eval --compare builtin: exit $rc"
  head -c 400 "$tmp/out"
  cat "$tmp/err"
  fail=1
fi
"$triage" rules 2> "$tmp/err"; [ $? = 2 ] || { echo "rules without an action should be a usage error"; fail=1; }
"$triage" rules import x 2> "$tmp/err"; [ $? = 2 ] || { echo "rules import should be a usage error"; fail=1; }
[ $fail = 0 ] && echo "rules export: 5 passed, 0 failed"
exit $fail
