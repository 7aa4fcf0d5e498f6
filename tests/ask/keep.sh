#!/bin/sh
# keep.sh TRIAGE SOURCE_DIR - leaving `triage ask` early is safe, and the answers are kept:
#   1. the issue's example: quit at URGENT (Bell's palsy) prints the level, why and what to do,
#      exits 5, and keeps the answers in $XDG_STATE_HOME/triage/last-answers.yaml (a private
#      file in a private folder) that `triage run` reads to the same level
#   2. `triage ask --resume` goes on from them: they are not asked again
#   3. end of input and SIGINT at a prompt: the same summary; exit 5 and 130
#   4. without XDG_STATE_HOME the answers go to ~/.local/state/triage/
#   5. --resume with nothing kept, and with --answers: refused, with a message
#   6. files are written whole: no temporary file is left beside them
triage=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export NO_COLOR=1
export XDG_STATE_HOME="$tmp/state"
kept="$XDG_STATE_HOME/triage/last-answers.yaml"

# 1. the issue's example
printf 'none\nme\nnone\nnone\n3\nquit\n\n' | "$triage" ask > "$tmp/out1"
status=$?
[ $status -eq 5 ] || fail "1: exit status $status, expected 5"
grep -q '^URGENT - get a medical assessment today' "$tmp/out1" || fail "1: no level: $(cat "$tmp/out1")"
grep -q "Why: Red flag: One side of the face became weak" "$tmp/out1" || fail "1: no reason"
grep -q "Bell's palsy" "$tmp/out1" || fail "1: no Bell's palsy"
tr '\n' ' ' < "$tmp/out1" | grep -q "kept in $XDG_STATE_HOME/triage/last-answers.yaml" \
  || fail "1: path not printed"
tr '\n' ' ' < "$tmp/out1" | grep -q 'triage ask --resume' || fail "1: --resume not mentioned"
[ -f "$kept" ] || fail "1: nothing kept"
[ "$(stat -c %a "$kept")" = 600 ] || fail "1: the kept file is not private"
[ "$(stat -c %a "$XDG_STATE_HOME/triage")" = 700 ] || fail "1: the folder is not private"
grep -q 'facial_weakness: over_hours_to_days' "$kept" || fail "1: answers not kept"
"$triage" run --format json "$kept" | grep -q '"triage":{"level":"urgent"' || fail "1: run disagrees"

# 2. --resume: earlier answers are not asked again
printf 'quit\n' | "$triage" ask --resume > "$tmp/out2"
[ $? -eq 5 ] || fail "2: exit status"
grep -q 'Starting from 5 earlier answers' "$tmp/out2" || fail "2: not resumed: $(head -8 "$tmp/out2")"
grep -q 'Is one side of the face weak' "$tmp/out2" && fail "2: an answered question was asked again"
grep -q 'facial_weakness: over_hours_to_days' "$kept" || fail "2: kept answers lost"

# 3. end of input, and SIGINT while waiting for an answer
printf 'none\nme\nnone\nnone\n3\n' | "$triage" ask > "$tmp/out3"
[ $? -eq 5 ] || fail "3: exit status after end of input"
grep -q '^URGENT' "$tmp/out3" || fail "3: no level after end of input"
mkfifo "$tmp/fifo"
"$triage" ask < "$tmp/fifo" > "$tmp/out4" 2>&1 &
pid=$!
exec 3> "$tmp/fifo"
printf 'none\nme\nnone\nnone\n3\n' >&3
n=0
while ! grep -q 'forehead weak too' "$tmp/out4" 2>/dev/null; do
  n=$((n + 1)); [ $n -gt 100 ] && { kill $pid; fail "3: no sixth question"; }
  sleep 0.1
done
kill -INT $pid
wait $pid
status=$?
exec 3>&-
[ $status -eq 130 ] || fail "3: exit status $status after SIGINT, expected 130"
grep -q '^URGENT' "$tmp/out4" || fail "3: no level after SIGINT: $(tail -5 "$tmp/out4")"
grep -q 'kept in' "$tmp/out4" || fail "3: no path after SIGINT"

# 4. the default place
mkdir "$tmp/home"
printf 'none\nquit\n' | env -u XDG_STATE_HOME HOME="$tmp/home" "$triage" ask > /dev/null
[ -f "$tmp/home/.local/state/triage/last-answers.yaml" ] || fail "4: not in ~/.local/state/triage"

# 5. refusals
rm -f "$kept"
"$triage" ask --resume < /dev/null > /dev/null 2> "$tmp/err5"
[ $? -eq 4 ] || fail "5: --resume with nothing kept did not exit 4"
grep -q "no interview to resume" "$tmp/err5" || fail "5: no message"
"$triage" ask --resume --answers "$kept" < /dev/null > /dev/null 2>&1
[ $? -eq 2 ] || fail "5: --resume with --answers is not a usage error"

# 6. no temporary files left
printf 'none\nquit\n' | "$triage" ask --save "$tmp/saved.yaml" > /dev/null
ls -a "$XDG_STATE_HOME/triage" "$tmp" | grep -q 'XXXXXX\|\.yaml\.' && fail "6: a temporary file was left"
grep -q 'emergency_signs: \[none\]' "$tmp/saved.yaml" || fail "6: --save incomplete"
echo "ok"
