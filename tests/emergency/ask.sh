#!/bin/sh
# ask.sh TRIAGE - `triage ask` on the built-in knowledge base stops at once with the emergency
# advice when an answer describes an emergency in words, at any question, in the text front end
# (the advice first, exit 6) and in the JSON protocol (an "emergency" line, then "end" with exit
# 6); an ordinary answer with the same words does not stop it; earlier answers that are an
# emergency give the advice before any question.
triage=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 XDG_STATE_HOME="$tmp/state"
fail() { echo "FAIL: $*"; exit 1; }

# text: ANSWERS (one per line, the last one the emergency) and the phrase that must be named
text_stops() {
  printf '%s\n' "$@" | "$triage" ask > "$tmp/out" 2>&1
  status=$?
  last=$(eval echo \"\${$#}\")
  [ $status -eq 6 ] || fail "text, '$last': exit status $status, expected 6"
  grep -q '^!! EMERGENCY: Call your local emergency number now' "$tmp/out" \
    || fail "text, '$last': no emergency advice first: $(tail -8 "$tmp/out")"
  grep -q '^The questions stop here' "$tmp/out" || fail "text, '$last': the questions went on"
  [ "$(grep -c '^Question ' "$tmp/out")" -eq $# ] || fail "text, '$last': asked more after it"
}

text_stops "I think I'm having a stroke"
text_stops "yes, 1"
text_stops "yes"
text_stops "stroke"
text_stops none "a fit"
text_stops none me "my face dropped"
text_stops none "my son is having a fit"
text_stops none me "he's fitting"
text_stops none me none "can't breathe"
text_stops none me none none "she's not waking up"
text_stops none me "I had a seizure for the first time"
text_stops none me "confused"
text_stops none me "I can't see properly"
grep -q 'Sudden loss or blurring of sight' "$tmp/out" || fail "text: the sight phrase is not named"

# an ordinary answer with the same words: asked again, not an emergency
printf 'none\nno stroke in the family\nme\nquit\n' | "$triage" ask > "$tmp/out" 2>&1
[ $? -eq 5 ] || fail "ordinary: the interview did not go on to quit"
grep -q 'EMERGENCY' "$tmp/out" && fail "ordinary: 'no stroke in the family' taken as an emergency"

# JSON: the emergency line names the phrase and the red flag; then end with exit 6
printf '%s\n' '{"answer": ["none"]}' '{"answer": "my dad is having a stroke"}' \
  '{"answer": "self"}' > "$tmp/in"
"$triage" ask --format json < "$tmp/in" > "$tmp/out"
[ $? -eq 6 ] || fail "json: exit status"
grep -q '^{"type":"emergency","source":"words","question":"about","level":"emergency","do_now":"Call your local emergency number now.","phrase":"stroke",' "$tmp/out" \
  || fail "json: no emergency line: $(tail -2 "$tmp/out")"
grep -q '"red_flag":"rf1_stroke_signs"' "$tmp/out" || fail "json: no red flag"
tail -1 "$tmp/out" | grep -q '^{"type":"end","completed":false,"exit":6,' || fail "json: no end"
[ "$(grep -c '"type":"question"' "$tmp/out")" -eq 2 ] || fail "json: asked more after it"
# earlier answers that already make the result an emergency: the advice before any question
printf 'answers:\n  emergency_signs: [face_droop]\n' > "$tmp/droop.yaml"
"$triage" ask --answers "$tmp/droop.yaml" < /dev/null > "$tmp/out" 2>&1
[ $? -eq 6 ] || fail "resumed emergency: exit status"
grep -q '^!! EMERGENCY' "$tmp/out" || fail "resumed emergency: no advice"
grep -q '^Question ' "$tmp/out" && fail "resumed emergency: a question was asked"
echo ok
