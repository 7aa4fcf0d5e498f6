#!/bin/sh
# signals.sh TRIAGE SOURCE_DIR - SIGTERM, SIGHUP and SIGINT at any point of `triage ask` and
# `triage eval` leave no partial or temporary file:
#   1. ask at its third question, SIGTERM / SIGHUP: it ends by that signal; --save holds the
#      answers so far (a whole file), the kept copy too, nothing else is left in the folders
#   2. ask --format json, SIGTERM: the same
#   3. SIGTERM at random moments of an ask that answers, saves and goes back as fast as it can
#      (text and JSON, 24 runs): --save and the kept copy are always whole answers files that
#      `triage run` reads, and no temporary file is ever left beside them
#   4. eval (--jobs 2, and --jsonl on an endless stream) ended by SIGTERM and SIGINT: it ends
#      by that signal and writes no file anywhere (working folder and TMPDIR stay empty)
# (The terminal's settings after SIGTERM: tests/ask/pty_test.c.)
triage=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
rules=$src/tests/golden/ask-rules/rules.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export NO_COLOR=1

# files in folder $1 other than those named after it; fails naming them
only_files() {
  dir=$1
  shift
  for f in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$f" ] || [ -L "$f" ] || continue
    base=${f##*/}
    ok=0
    for want in "$@"; do [ "$base" = "$want" ] && ok=1; done
    [ $ok = 1 ] || fail "$dir holds '$base' (a temporary file left behind?)"
  done
}

# waits until file $1 holds text $2 (5 s at most)
wait_for() {
  n=0
  while ! grep -q "$2" "$1" 2>/dev/null; do
    n=$((n + 1))
    [ $n -gt 50 ] && fail "'$2' never appeared in $1: $(tail -5 "$1")"
    sleep 0.1
  done
}

# 1, 2. a signal at the third question
at_third_question() {  # NAME SIGNAL STATUS FORMAT
  name=$1 sig=$2 want=$3 format=$4
  d="$tmp/$name"
  mkdir -p "$d/saves" "$d/state"
  printf 'answers: {}\n' > "$d/saves/a.yaml"
  mkfifo "$d/fifo"
  XDG_STATE_HOME="$d/state" "$triage" ask --rules "$rules" --format "$format" \
    --save "$d/saves/a.yaml" < "$d/fifo" > "$d/out" 2>&1 &
  pid=$!
  exec 3> "$d/fifo"
  if [ "$format" = json ]; then
    printf '%s\n' '{"answer":"none"}' '{"answer":"child"}' >&3
    wait_for "$d/out" '"id":"tongue_bitten"'
  else
    printf 'none\nchild\n' >&3
    wait_for "$d/out" 'Question 3'
  fi
  kill -"$sig" $pid
  wait $pid
  status=$?
  exec 3>&-
  [ $status -eq "$want" ] || fail "$name: exit status $status after SIG$sig, expected $want"
  grep -q 'about: child' "$d/saves/a.yaml" || fail "$name: --save does not hold the answers"
  "$triage" run --rules "$rules" "$d/saves/a.yaml" > /dev/null || fail "$name: --save unreadable"
  only_files "$d/saves" a.yaml
  if [ "$format" = text ]; then
    grep -q 'about: child' "$d/state/triage/last-answers.yaml" || fail "$name: not kept"
    only_files "$d/state/triage" last-answers.yaml
  fi
}
at_third_question term TERM 143 text
at_third_question hup HUP 129 text
at_third_question json-term TERM 143 json

# 3. SIGTERM at random moments
mkdir -p "$tmp/3"
i=0
while [ $i -lt 300 ]; do printf 'none\nchild\nback\nback\n'; i=$((i + 1)); done > "$tmp/3/text-in"
i=0
while [ $i -lt 300 ]; do
  printf '%s\n' '{"answer":"none"}' '{"answer":"child"}' '{"command":"back"}' '{"command":"back"}'
  i=$((i + 1))
done > "$tmp/3/json-in"
run=0
while [ $run -lt 24 ]; do
  format=text
  [ $((run % 2)) = 1 ] && format=json
  d="$tmp/3/$run"
  mkdir -p "$d/saves" "$d/state"
  printf 'answers: {}\n' > "$d/saves/a.yaml"
  XDG_STATE_HOME="$d/state" "$triage" ask --rules "$rules" --format $format \
    --save "$d/saves/a.yaml" < "$tmp/3/$format-in" > /dev/null 2>&1 &
  pid=$!
  # 0 to 0.23 s: before the first question, while answering, writing, or going back
  sleep "0.$(printf '%02d' $((run * 7 % 24)))"
  kill -TERM $pid 2>/dev/null
  wait $pid
  only_files "$d/saves" a.yaml
  "$triage" run --rules "$rules" "$d/saves/a.yaml" > /dev/null 2> "$d/err" \
    || fail "3: run $run ($format): --save is not a whole answers file: $(cat "$d/err")"
  if [ -d "$d/state/triage" ]; then
    only_files "$d/state/triage" last-answers.yaml
    "$triage" run --rules "$rules" "$d/state/triage/last-answers.yaml" > /dev/null 2> "$d/err" \
      || fail "3: run $run: the kept copy is not whole: $(cat "$d/err")"
  fi
  run=$((run + 1))
done

# 4. eval ended by a signal writes nothing. A command run in the background by a shell
# without job control starts with SIGINT ignored: `env --default-signal` gives it back its
# default. Every input is finite and a watchdog kills what is still running after 60 s.
mkdir -p "$tmp/4"
# watchdog PID: kills PID after 60 s unless `calm` is called first (its sleep then just ends)
watchdog() { (sleep 60; kill -KILL "$1") > /dev/null 2>&1 & dog=$!; }
calm() { kill "$dog" 2>/dev/null; }
for sig in TERM INT; do
  d="$tmp/4/$sig"
  mkdir -p "$d/cwd" "$d/tmpdir"
  (cd "$d/cwd" && TMPDIR="$d/tmpdir" exec env --default-signal=INT "$triage" eval --jobs 2 \
     "$src/tests/cases" > /dev/null 2>&1) &
  pid=$!
  watchdog $pid
  sleep 0.1
  kill -"$sig" $pid 2>/dev/null   # it may have finished: then it wrote nothing either
  wait $pid
  status=$?
  calm
  [ $status -ge 128 ] || [ $status -eq 0 ] || fail "4: eval after SIG$sig: exit $status"
  [ $status -ne 137 ] || fail "4: eval ignored SIG$sig (the watchdog killed it)"
  only_files "$d/cwd"
  only_files "$d/tmpdir"
  mkfifo "$d/fifo"
  yes '{"age": 25, "timing": "sleep_onset"}' | head -n 1000000 > "$d/fifo" &
  (cd "$d/cwd" && TMPDIR="$d/tmpdir" exec env --default-signal=INT "$triage" eval --jsonl \
     "$d/fifo" > /dev/null 2>&1) &
  pid=$!
  watchdog $pid
  sleep 0.5
  kill -"$sig" $pid
  wait $pid
  status=$?
  calm
  [ $status -ne 137 ] || fail "4: eval --jsonl ignored SIG$sig (the watchdog killed it)"
  [ $status -ge 128 ] || fail "4: eval --jsonl after SIG$sig: exit $status (had it finished?)"
  only_files "$d/cwd"
  only_files "$d/tmpdir"
done
echo "ok"
