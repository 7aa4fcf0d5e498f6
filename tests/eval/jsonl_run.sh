#!/bin/sh
# jsonl_run.sh TRIAGE - each line `triage eval --jsonl` writes is the exact object
# `triage run --format json` prints for the same answers (here: the good records of
# input/records.jsonl, written out as answers files).
triage=$1
cd "$(dirname "$0")" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$triage" eval --rules rules/basic.yaml --jsonl input/records.jsonl > "$tmp/lines" 2>/dev/null
fail=0
n=0
for rec in 1 2 3 8 11; do  # (9 has a JSON null, which answers files do not allow)
  sed -n "${rec}p" input/records.jsonl | sed 's/^ *//' > "$tmp/rec"
  # a JSON object is a YAML flow mapping: it is the answers mapping as it stands
  { echo "answers:"; printf '  '; cat "$tmp/rec"; } > "$tmp/answers.yaml"
  "$triage" run --rules rules/basic.yaml --format json "$tmp/answers.yaml" > "$tmp/run" || fail=1
  sed -n "${rec}p" "$tmp/lines" > "$tmp/line"
  if ! cmp -s "$tmp/run" "$tmp/line"; then
    echo "record $rec: the --jsonl line differs from triage run --format json"
    diff "$tmp/run" "$tmp/line" | head -n 5
    fail=1
  fi
  n=$((n + 1))
done
[ $fail = 0 ] && echo "$n records: --jsonl lines equal triage run --format json"
exit $fail
