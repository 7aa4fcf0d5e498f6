#!/bin/sh
# cli_roundtrip.sh TRIAGE TOP - through the command: for the example answers
# and the FHIR test answers, `run --answers-fhir` of `export fhir-response`
# prints the same result (JSON and text) as `run` of the answers file.
triage=$1
top=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # RULES-ARGS... -- ANSWERS
  answers=$1
  shift
  "$triage" export fhir-response "$@" "$answers" > "$tmp/qr.json" || { echo "export failed: $answers"; fail=1; return; }
  for fmt in json text; do
    NO_COLOR=1 "$triage" run "$@" --format "$fmt" "$answers" > "$tmp/direct" 2>&1
    NO_COLOR=1 "$triage" run "$@" --format "$fmt" --answers-fhir "$tmp/qr.json" > "$tmp/fhir" 2>&1
    if ! cmp -s "$tmp/direct" "$tmp/fhir"; then
      echo "differs ($fmt): $answers"
      diff "$tmp/direct" "$tmp/fhir" | head -20
      fail=1
    fi
  done
  # standard input works too
  "$triage" run "$@" --format json --answers-fhir - < "$tmp/qr.json" > "$tmp/stdin" 2>&1
  "$triage" run "$@" --format json "$answers" > "$tmp/direct" 2>&1
  cmp -s "$tmp/direct" "$tmp/stdin" || { echo "differs (stdin): $answers"; fail=1; }
}
check "$top/docs/examples/seed-answers.yaml"
check "$top/tests/fhir/answers.yaml" --rules "$top/tests/fhir/rules.yaml"
[ $fail = 0 ] && echo "fhir cli round trip: 2 passed, 0 failed"
exit $fail
