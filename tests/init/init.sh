#!/bin/sh
# init.sh TRIAGE TOP [PYTHON] - `triage init DIR` writes a starter folder whose
# rules lint clean (no warning either), whose cases pass, whose answers file
# runs, and whose YAML files point by a relative path at JSON Schemas copied in
# (identical to docs/); with PYTHON (and its yaml and jsonschema modules) each
# file also validates against the schema its first line names. A non-empty
# folder is refused.
triage=$1
top=$2
python=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

dir="$tmp/new/kb"
"$triage" init "$dir" > "$tmp/out" 2>&1 && ok || { bad "init failed"; cat "$tmp/out"; }
"$triage" lint --werror --rules "$dir/rules" > "$tmp/out" 2>&1 && grep -q "^0 errors, 0 warnings" "$tmp/out" \
  && ok || { bad "the starter rules do not lint clean"; cat "$tmp/out"; }
"$triage" eval --rules "$dir/rules" "$dir/cases" > "$tmp/out" 2>&1 && grep -q "^2 passed, 0 failed" "$tmp/out" \
  && ok || { bad "the starter cases do not pass"; cat "$tmp/out"; }
"$triage" run --rules "$dir/rules" "$dir/answers/example.yaml" > "$tmp/out" 2>&1 \
  && ok || { bad "the example answers do not run"; cat "$tmp/out"; }
for f in "$dir"/rules/*.yaml "$dir"/cases/*.yaml "$dir"/answers/*.yaml; do
  target=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$f")
  if [ -z "$target" ] || [ ! -f "$(dirname "$f")/$target" ]; then
    bad "$f: its first line does not point at a schema file ('$target')"
    continue
  fi
  ok
  if ! cmp -s "$(dirname "$f")/$target" "$top/docs/$(basename "$target")"; then
    bad "$target differs from docs/"
  fi
  if [ -n "$python" ]; then
    "$python" - "$f" "$(dirname "$f")/$target" <<'PY' || bad "$f does not validate against $target"
import json, sys
import jsonschema, yaml
with open(sys.argv[2]) as s:
    schema = json.load(s)
with open(sys.argv[1]) as d:
    data = yaml.safe_load(d)
jsonschema.Draft7Validator(schema).validate(data)
PY
  fi
done
"$triage" init "$dir" > "$tmp/out" 2>&1
[ $? = 2 ] && grep -q "not an empty folder" "$tmp/out" && ok || { bad "a non-empty folder is not refused"; cat "$tmp/out"; }
mkdir "$tmp/empty" && "$triage" init "$tmp/empty" > /dev/null 2>&1 && ok || bad "an empty folder is refused"
: > "$tmp/file"
"$triage" init "$tmp/file" > "$tmp/out" 2>&1
[ $? != 0 ] && ok || bad "a file given as the folder is not refused"
"$triage" init > /dev/null 2>&1
[ $? = 2 ] && ok || bad "init without a folder is not a usage error"
echo "init: $passed passed, $fail failed"
[ $fail = 0 ]
