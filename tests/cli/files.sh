#!/bin/sh
# files.sh TRIAGE SOURCE_DIR - files are written whole or not at all, and every failure to
# write is said, with a non-zero exit:
#   1. `ask --save` to a missing folder, a folder, a device, an unwritable folder: refused
#      before the first question (exit 4)
#   2. a full disk: `ask --save`, `export --output` keep the old file as it was, `rules export`
#      and `init` leave only whole files; each says why and exits 4; no temporary file is
#      left. The disk is made full by a file-size limit (ulimit -f, always) and by a 64 KiB
#      tmpfs filled up (when this runs as root and may mount; else that part is skipped)
#   3. standard output that cannot be written (> /dev/full): run, lint, eval, eval --jsonl,
#      export and --help exit 4 with "cannot write the output"
#   4. --save through a symbolic link replaces the file it names and keeps the link;
#      export --output to a folder is refused before any work
#   5. the JSON protocol's save: refused without --save-dir; only a plain file name, written
#      in that folder (a symbolic link there is replaced, not followed)
triage=$1
src=$2
rules=$src/tests/golden/ask-rules/rules.yaml
seed=$src/docs/examples/seed-answers.yaml
tmp=$(mktemp -d)
mnt=""
cleanup() {
  [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
  chmod -R u+w "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
export NO_COLOR=1
export XDG_STATE_HOME="$tmp/state"

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

# 1. an unwritable --save is refused before the first question
mkdir -p "$tmp/1/folder" "$tmp/1/locked"
chmod a-w "$tmp/1/locked"
locked="$tmp/1/locked/a.yaml"
if touch "$tmp/1/locked/probe" 2>/dev/null; then
  rm -f "$tmp/1/locked/probe"
  locked=/proc/triage-test/a.yaml   # root writes anywhere: a folder nobody can write in
fi
for target in "$tmp/1/missing/a.yaml" "$tmp/1/folder" /dev/full "$locked"; do
  echo none | "$triage" ask --rules "$rules" --save "$target" > "$tmp/1/out" 2> "$tmp/1/err"
  status=$?
  [ $status -eq 4 ] || fail "1: --save $target: exit $status, expected 4"
  grep -q "Question 1" "$tmp/1/out" && fail "1: --save $target: a question was asked first"
  grep -q "^triage: cannot write '.*': .* (--save)$" "$tmp/1/err" \
    || fail "1: --save $target: no message: $(cat "$tmp/1/err")"
done
echo none | "$triage" ask --rules "$rules" --save /dev/full 2>&1 >/dev/null \
  | grep -q "cannot write '/dev/full': it is not a regular file (--save)" || fail "1: /dev/full"
echo none | "$triage" ask --rules "$rules" --save "$tmp/1/folder" 2>&1 >/dev/null \
  | grep -q "it is a folder (--save)" || fail "1: folder"
only_files "$tmp/1/folder"

# 2a. a full disk, by a file-size limit of 0 blocks: every write of a byte to a file fails
# (EFBIG). Standard output and error go through a pipe, which the limit does not touch;
# limited OUT COMMAND... runs COMMAND so and writes its output and "status=N" to OUT.
# (tests/valgrind.sh sets SKIP_FILE_SIZE_LIMIT: valgrind itself cannot run under that limit)
mkdir -p "$tmp/2a"
if [ -n "${SKIP_FILE_SIZE_LIMIT:-}" ]; then
  echo "2a skipped (SKIP_FILE_SIZE_LIMIT)"
else
limited() {
  out=$1
  shift
  { sh -c 'trap "" XFSZ; ulimit -f 0; exec "$@"' sh "$@" 2>&1; echo "status=$?"; } | cat > "$out"
}
status_of() { sed -n 's/^status=//p' "$1"; }
printf 'answers: {about: child}\n' > "$tmp/2a/a.yaml"
cp "$tmp/2a/a.yaml" "$tmp/2a/old.yaml"
printf 'none\nme\nquit\n' | limited "$tmp/2a/out" "$triage" ask --rules "$rules" --save "$tmp/2a/a.yaml"
[ "$(status_of "$tmp/2a/out")" = 4 ] || fail "2a: ask --save on a full disk: $(tail -3 "$tmp/2a/out")"
grep -q "cannot write '$tmp/2a/a.yaml': File too large" "$tmp/2a/out" \
  || fail "2a: ask --save: no message: $(tail -5 "$tmp/2a/out")"
cmp -s "$tmp/2a/a.yaml" "$tmp/2a/old.yaml" || fail "2a: ask --save changed the old file"
"$triage" export fhir-questionnaire --output "$tmp/2a/q.json" || fail "2a: export"
cp "$tmp/2a/q.json" "$tmp/2a/q.old"
limited "$tmp/2a/out" "$triage" export fhir-questionnaire --lang fr --output "$tmp/2a/q.json"
[ "$(status_of "$tmp/2a/out")" = 4 ] || fail "2a: export --output on a full disk: $(cat "$tmp/2a/out")"
grep -q "cannot write '$tmp/2a/q.json': File too large" "$tmp/2a/out" || fail "2a: export message"
cmp -s "$tmp/2a/q.json" "$tmp/2a/q.old" || fail "2a: export --output changed the old file"
limited "$tmp/2a/out" "$triage" rules export "$tmp/2a/kb"
[ "$(status_of "$tmp/2a/out")" = 4 ] || fail "2a: rules export on a full disk: $(cat "$tmp/2a/out")"
grep -q "File too large" "$tmp/2a/out" || fail "2a: rules export: $(cat "$tmp/2a/out")"
only_files "$tmp/2a/kb"
limited "$tmp/2a/out" "$triage" init "$tmp/2a/init"
[ "$(status_of "$tmp/2a/out")" = 4 ] || fail "2a: init on a full disk: $(cat "$tmp/2a/out")"
grep -q "File too large" "$tmp/2a/out" || fail "2a: init: $(cat "$tmp/2a/out")"
only_files "$tmp/2a/init" rules
only_files "$tmp/2a/init/rules"
only_files "$tmp/2a" a.yaml old.yaml q.json q.old kb init out
fi

# 2b. a real full disk: a 64 KiB tmpfs, filled
mkdir -p "$tmp/2b"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k triage-test "$tmp/2b" 2>/dev/null; then
  mnt="$tmp/2b"
  printf 'answers: {about: child}\n' > "$mnt/a.yaml"
  cp "$mnt/a.yaml" "$tmp/old.yaml"
  "$triage" run --format json "$seed" > "$mnt/result.json" || fail "2b: run"
  cp "$mnt/result.json" "$tmp/result.old"
  dd if=/dev/zero of="$mnt/filler" bs=1k count=64 2>/dev/null   # until the disk is full
  printf 'none\nme\nquit\n' | "$triage" ask --rules "$rules" --save "$mnt/a.yaml" \
    > "$tmp/out" 2> "$tmp/err"
  status=$?
  [ $status -eq 4 ] || fail "2b: ask --save on a full tmpfs: exit $status, expected 4"
  grep -q "cannot write '$mnt/a.yaml': No space left on device" "$tmp/err" \
    || fail "2b: ask --save: $(cat "$tmp/err")"
  cmp -s "$mnt/a.yaml" "$tmp/old.yaml" || fail "2b: ask --save changed the old file"
  "$triage" export fhir-questionnaire --output "$mnt/a.yaml" 2> "$tmp/err"
  [ $? -eq 4 ] || fail "2b: export --output on a full tmpfs did not fail"
  grep -q "No space left on device" "$tmp/err" || fail "2b: export: $(cat "$tmp/err")"
  cmp -s "$mnt/a.yaml" "$tmp/old.yaml" || fail "2b: export --output changed the old file"
  "$triage" rules export "$mnt/kb" 2> "$tmp/err"
  [ $? -eq 4 ] || fail "2b: rules export on a full tmpfs did not fail"
  only_files "$mnt/kb"
  "$triage" run --format json "$seed" > "$mnt/new.json" 2> "$tmp/err"
  [ $? -eq 4 ] || fail "2b: run > a full disk: exit not 4"
  grep -q "^triage: cannot write the output: No space left on device" "$tmp/err" \
    || fail "2b: run > a full disk: $(cat "$tmp/err")"
  cmp -s "$mnt/result.json" "$tmp/result.old" || fail "2b: result.json changed"
  only_files "$mnt" a.yaml result.json filler kb new.json
  umount "$mnt" && mnt=""
else
  echo "2b skipped: a tmpfs needs root and permission to mount (the file-size limit ran)"
fi

# 3. standard output that cannot be written
for args in "run $seed" "lint --rules $src/tests/golden/ask-rules" "eval $src/tests/cases/seed.yaml" \
            "export fhir-questionnaire" "export fhir-response $seed" "--help" "help ask"; do
  # shellcheck disable=SC2086
  "$triage" $args > /dev/full 2> "$tmp/err"
  status=$?
  [ $status -eq 4 ] || fail "3: triage $args > /dev/full: exit $status, expected 4"
  grep -q "^triage: cannot write the output" "$tmp/err" || fail "3: triage $args: $(cat "$tmp/err")"
done
printf '{"age": 25}\n' | "$triage" eval --jsonl > /dev/full 2> "$tmp/err"
[ $? -eq 4 ] || fail "3: eval --jsonl > /dev/full"
grep -q "^triage: cannot write the output: No space left on device" "$tmp/err" || fail "3: eval --jsonl message"

# 4. a symbolic link is followed by --save; --output to a folder is refused before any work
mkdir -p "$tmp/4/real"
printf 'answers: {}\n' > "$tmp/4/real/a.yaml"
ln -s real/a.yaml "$tmp/4/link.yaml"
printf 'none\nme\nquit\n' | "$triage" ask --rules "$rules" --save "$tmp/4/link.yaml" > /dev/null
[ $? -eq 5 ] || fail "4: ask --save through a link"
[ -L "$tmp/4/link.yaml" ] || fail "4: the link was replaced"
grep -q 'about: self' "$tmp/4/real/a.yaml" || fail "4: the file behind the link was not written"
only_files "$tmp/4/real" a.yaml
"$triage" export fhir-questionnaire --output "$tmp/4" > "$tmp/out" 2> "$tmp/err"
[ $? -eq 4 ] || fail "4: export --output a folder"
grep -q "cannot write '$tmp/4': it is a folder (--output)" "$tmp/err" || fail "4: $(cat "$tmp/err")"

# 5. the JSON protocol's save
mkdir -p "$tmp/5/saves" "$tmp/5/elsewhere"
printf 'keep me\n' > "$tmp/5/elsewhere/target"
ln -s ../elsewhere/target "$tmp/5/saves/link.yaml"
printf '%s\n' '{"answer":"none"}' '{"command":"save","file":"a.yaml"}' | \
  "$triage" ask --rules "$rules" --format json > "$tmp/5/out"
grep -q '"type":"error","message":"save is off: start triage ask with --save-dir DIR' "$tmp/5/out" \
  || fail "5: save without --save-dir was not refused"
[ -e a.yaml ] && fail "5: save without --save-dir wrote a.yaml"
for name in ../escape.yaml "$tmp/5/abs.yaml" .hidden a/b.yaml '' 'x y.yaml'; do
  printf '{"command":"save","file":"%s"}\n' "$name" | \
    "$triage" ask --rules "$rules" --format json --save-dir "$tmp/5/saves" > "$tmp/5/out"
  grep -q '"type":"error","message":"save takes a plain file name' "$tmp/5/out" \
    || grep -q '"type":"error","message":"\\"file\\" must be a file name' "$tmp/5/out" \
    || fail "5: save '$name' was not refused: $(grep -v question "$tmp/5/out")"
done
[ -e "$tmp/5/escape.yaml" ] || [ -e "$tmp/5/abs.yaml" ] && fail "5: a file was written outside"
printf '%s\n' '{"answer":"none"}' '{"command":"save","file":"a.yaml"}' \
  '{"command":"save","file":"link.yaml"}' | \
  "$triage" ask --rules "$rules" --format json --save-dir "$tmp/5/saves" > "$tmp/5/out"
grep -q "{\"type\":\"saved\",\"file\":\"a.yaml\",\"path\":\"$tmp/5/saves/a.yaml\"}" "$tmp/5/out" \
  || fail "5: no saved line: $(grep -v question "$tmp/5/out")"
grep -q 'emergency_signs: \[none\]' "$tmp/5/saves/a.yaml" || fail "5: a.yaml not written"
[ -L "$tmp/5/saves/link.yaml" ] && fail "5: the link in --save-dir was followed, not replaced"
grep -q 'emergency_signs' "$tmp/5/saves/link.yaml" || fail "5: link.yaml not written"
[ "$(cat "$tmp/5/elsewhere/target")" = "keep me" ] || fail "5: save wrote through a link"
only_files "$tmp/5/saves" a.yaml link.yaml
"$triage" ask --rules "$rules" --format json --save-dir "$tmp/5/missing" < /dev/null 2> "$tmp/err"
[ $? -eq 4 ] || fail "5: a missing --save-dir was not refused"
"$triage" ask --rules "$rules" --save-dir "$tmp/5/saves" < /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "5: --save-dir without --format json was not a usage error"
echo "ok"
