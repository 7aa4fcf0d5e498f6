#!/bin/sh
# roundtrip.sh TRIAGE SOURCE_DIR - `triage ask --save` on every way out, and the saved answers
# run through `triage run` give the same result as the interview:
#   1. a piped interview on the small transcript rules, to the end: the result object of
#      `ask --format json` is byte for byte `triage run --format json` on the saved file
#   2. the same on the built-in knowledge base, resumed from the seed answers (--answers)
#      and finished with skips, so it does not depend on the order of the questions
#   3. end of input at the first question: an empty answers file that `triage run` reads
#   4. quit in the middle: the answers so far
#   5. SIGINT in the middle: the answers so far (written on the way out, exit status 130)
triage=$1
src=$2
rules=$src/tests/golden/ask-rules/rules.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export NO_COLOR=1
export XDG_STATE_HOME="$tmp/state"   # where `triage ask` keeps answers: not the real home

# the "result" member of the result line of `ask --format json`
result_of() {
  awk 'index($0, "{\"type\":\"result\",\"complete\":true") == 1 {
         i = index($0, "\"result\":{"); s = substr($0, i + 9); print substr(s, 1, length(s) - 1) }' "$1"
}

# 1. small rules, answered to the end
printf '%s\n' '{"answer":"none"}' '{"answer":"self"}' '{"answer":"no"}' '{"answer":"sleep_onset"}' \
  '{"answer":"often"}' '{"answer":["cheek","mouth"]}' '{"answer":"about two seconds"}' \
  '{"command":"quit"}' > "$tmp/in1"
"$triage" ask --rules "$rules" --format json --save "$tmp/a1.yaml" < "$tmp/in1" > "$tmp/out1" \
  || fail "1: ask exited $?"
result_of "$tmp/out1" > "$tmp/ask1.json"
[ -s "$tmp/ask1.json" ] || fail "1: no result line"
"$triage" run --rules "$rules" --format json "$tmp/a1.yaml" > "$tmp/run1.json" || fail "1: run failed"
cmp -s "$tmp/ask1.json" "$tmp/run1.json" || { diff "$tmp/ask1.json" "$tmp/run1.json"; fail "1: results differ"; }
grep -q 'duration: "about two seconds"' "$tmp/a1.yaml" || fail "1: duration not saved"

# 2. built-in rules, resumed from the seed answers, the rest skipped
cat > "$tmp/seed.yaml" <<'YAML'
answers:
  age: 25
  sex: female
  timing: sleep_onset
  seen_awake: never
  location: [cheek, mouth_corner]
  side: left
  duration: "0.5-4 s"
  frequency: few_per_night
  how_long: "5 months"
YAML
i=0; : > "$tmp/in2"
while [ $i -lt 60 ]; do echo '{"command":"skip"}' >> "$tmp/in2"; i=$((i + 1)); done
"$triage" ask --answers "$tmp/seed.yaml" --format json --save "$tmp/a2.yaml" < "$tmp/in2" > "$tmp/out2" \
  || fail "2: ask exited $?"
result_of "$tmp/out2" > "$tmp/ask2.json"
[ -s "$tmp/ask2.json" ] || fail "2: no result line"
"$triage" run --format json "$tmp/a2.yaml" > "$tmp/run2.json" || fail "2: run failed"
cmp -s "$tmp/ask2.json" "$tmp/run2.json" || { diff "$tmp/ask2.json" "$tmp/run2.json"; fail "2: results differ"; }
grep -q 'timing: sleep_onset' "$tmp/a2.yaml" || fail "2: earlier answers not saved"

# 3. end of input straight away: exit 5 and an empty answers file
"$triage" ask --rules "$rules" --save "$tmp/a3.yaml" < /dev/null > /dev/null
[ $? -eq 5 ] || fail "3: exit status is not 5"
grep -q '^answers: {}$' "$tmp/a3.yaml" || fail "3: not an empty answers file"
"$triage" run --rules "$rules" "$tmp/a3.yaml" > /dev/null || fail "3: run cannot read it"

# 4. quit in the middle
printf 'none\nme\nquit\n' | "$triage" ask --rules "$rules" --save "$tmp/a4.yaml" > "$tmp/out4"
[ $? -eq 5 ] || fail "4: exit status is not 5"
grep -q 'about: self' "$tmp/a4.yaml" || fail "4: answers not saved"
grep -q "saved to $tmp/a4.yaml" "$tmp/out4" || fail "4: not told where"

# 5. interrupted (SIGINT) while waiting for the third answer
mkfifo "$tmp/fifo"
"$triage" ask --rules "$rules" --save "$tmp/a5.yaml" < "$tmp/fifo" > "$tmp/out5" 2>&1 &
pid=$!
exec 3> "$tmp/fifo"
printf 'none\nchild\n' >&3
n=0
while ! grep -q 'Question 3' "$tmp/out5" 2>/dev/null; do
  n=$((n + 1)); [ $n -gt 100 ] && { kill $pid; fail "5: no third question"; }
  sleep 0.1
done
kill -INT $pid
wait $pid
status=$?
exec 3>&-
[ $status -eq 130 ] || fail "5: exit status $status after SIGINT, expected 130"
grep -q 'about: child' "$tmp/a5.yaml" || fail "5: answers not saved on SIGINT"
echo "ok"
