#!/bin/sh
# prove.sh TRIAGE - a real TAP consumer reads `triage eval --format tap`: TAP::Harness's `prove`
# (Debian package perl; Debian 12 ships TAP::Harness 3.44, which reads TAP version 13 and
# refuses later versions). Three runs, each a test script that execs triage:
#   pass.t     cases/pass.yaml: every case passes       -> "Result: PASS", all its tests counted
#   fail.t     cases (pass.yaml, fail.yaml)              -> "Result: FAIL"; the failed test numbers
#                                                           prove lists are the "not ok" lines
#   invalid.t  invalid/mixed.yaml: one good, one broken  -> "Result: FAIL", the broken case failed
# Exits 77 (skipped) when prove is not installed.
triage=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v prove >/dev/null 2>&1 || { echo "skipped: prove (Debian package perl) not installed"; exit 77; }
echo "$(prove --version)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "prove: $*"; status=1; }

script() { # NAME ARGS...: a test script that runs triage eval --format tap ARGS in tests/eval
  name=$1
  shift
  printf '#!/bin/sh\ncd "%s" || exit 2\nexec "%s" eval --rules rules/basic.yaml --format tap %s 2>/dev/null\n' \
    "$here" "$triage" "$*" > "$tmp/$name.t"
  chmod +x "$tmp/$name.t"
}

# run NAME: prove's report in $tmp/NAME.prove, triage's own TAP in $tmp/NAME.tap
run() {
  (cd "$tmp" && prove --exec "" "./$1.t" > "$1.prove" 2>&1)
  "$tmp/$1.t" > "$tmp/$1.tap" 2>/dev/null
}

# the numbers of the "not ok" test points, as prove lists them ("3, 5" or "3-5")
not_ok() {
  sed -n 's/^not ok \([0-9]*\).*/\1/p' "$tmp/$1.tap"
}
listed() { # prove's "Failed tests:" list, expanded to one number a line
  sed -n 's/^ *Failed tests\{0,1\}: *//p' "$tmp/$1.prove" | tr ',' '\n' | tr -d ' ' |
    awk -F- 'NF == 2 { for (i = $1; i <= $2; i++) print i; next } NF { print }'
}

script pass cases/pass.yaml
script fail cases
script invalid invalid/mixed.yaml
for t in pass fail invalid; do run $t; done

cases=$(grep -c '^  - id:' "$here/cases/pass.yaml")
grep -q '^Result: PASS$' "$tmp/pass.prove" || fail "pass.t: expected Result: PASS"
grep -q "^All tests successful.$" "$tmp/pass.prove" || fail "pass.t: expected 'All tests successful.'"
grep -q "^Files=1, Tests=$cases," "$tmp/pass.prove" || fail "pass.t: expected Tests=$cases"

for t in fail invalid; do
  grep -q '^Result: FAIL$' "$tmp/$t.prove" || fail "$t.t: expected Result: FAIL"
  grep -q 'Parse errors' "$tmp/$t.prove" && fail "$t.t: prove found parse errors"
  want=$(not_ok $t | tr '\n' ' ')
  got=$(listed $t | tr '\n' ' ')
  [ -n "$want" ] || fail "$t.t: triage wrote no 'not ok'"
  [ "$want" = "$got" ] || fail "$t.t: prove lists failed tests '$got', triage wrote 'not ok' for '$want'"
done
grep -q 'Parse errors' "$tmp/pass.prove" && fail "pass.t: prove found parse errors"

if [ $status -ne 0 ]; then
  for t in pass fail invalid; do echo "--- prove $t.t:"; cat "$tmp/$t.prove"; done
else
  echo "prove: pass.t PASS ($cases tests); fail.t FAIL (not ok: $(not_ok fail | tr '\n' ' ')); invalid.t FAIL (not ok: $(not_ok invalid | tr '\n' ' '))"
fi
exit $status
