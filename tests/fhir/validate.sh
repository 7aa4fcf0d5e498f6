#!/bin/sh
# validate.sh TRIAGE ROUNDTRIP TOOLS TOP - the exported Questionnaires (the
# built-in knowledge base and the FHIR test rules) and the
# QuestionnaireResponse of every vignette in tests/cases, checked by FHIR.js
# and by the official FHIR R4 JSON Schema. Exits 77 (skipped) when neither
# validator is installed (tests/fhir/setup.sh installs them).
triage=$1
roundtrip=$2
tools=$3
top=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/responses"
"$triage" export fhir-questionnaire > "$tmp/questionnaire.json" || exit 1
"$triage" export fhir-questionnaire --rules "$top/tests/fhir/rules.yaml" > "$tmp/questionnaire-test.json" || exit 1
"$triage" export fhir-response --rules "$top/tests/fhir/rules.yaml" "$top/tests/fhir/answers.yaml" \
  > "$tmp/responses/test-answers.json" || exit 1
"$roundtrip" "$top/tests/cases" "$tmp/responses" > "$tmp/roundtrip.out" || { cat "$tmp/roundtrip.out"; exit 1; }
files="$tmp/questionnaire.json $tmp/questionnaire-test.json $tmp/responses/*.json"
ran=0
fail=0
if command -v node > /dev/null 2>&1; then
  # shellcheck disable=SC2086
  node "$top/tests/fhir/validate.js" "$tools" $files
  rc=$?
  [ $rc = 0 ] && ran=1
  [ $rc != 0 ] && [ $rc != 77 ] && fail=1
else
  echo "skipped: node not found (FHIR.js)"
fi
if command -v python3 > /dev/null 2>&1; then
  # shellcheck disable=SC2086
  python3 "$top/tests/fhir/validate_schema.py" "$tools" $files
  rc=$?
  [ $rc = 0 ] && ran=1
  [ $rc != 0 ] && [ $rc != 77 ] && fail=1
else
  echo "skipped: python3 not found (FHIR R4 JSON Schema)"
fi
[ $fail = 1 ] && exit 1
[ $ran = 0 ] && exit 77
exit 0
