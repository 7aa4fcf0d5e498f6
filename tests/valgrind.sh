#!/bin/sh
# valgrind.sh BUILD SOURCE [JOBS] - Valgrind memcheck over a documented subset of the test
# suite, built without sanitizers (BUILD, e.g. build/), JOBS at a time (default 2). Every
# program runs under
#   valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible
# with its log in a file, so outputs compared byte for byte are unchanged; the run fails when
# any test fails or any log reports an error or a leak (also of a process whose exit status a
# script ignores). The subset, chosen to stay under 5 minutes on 2 cores:
#   - every golden case (tests/golden/*: lint, run, ask transcripts, answers, eval diagnostics)
#   - the vignettes (eval tests/cases, also --jobs 2, --format json, --coverage), eval --jsonl
#     and eval --compare, lint of the shipped rules, both FHIR exports and reading one back
#   - the scripts that drive the command: ask/roundtrip, ask/keep, export/rules-export,
#     init/starter, eval/jsonl-equals-run, cli/files (but its full disk by a file-size limit,
#     under which valgrind cannot write its log: the 64 KiB tmpfs stays)
#   - every Check suite that runs under 0.2 s natively, and the out-of-memory sweep (test_oom:
#     every allocation of each entry point failed in turn, libyaml's included)
#   - every fuzz corpus replayed (tests/fuzz/corpus)
# Left out, for time: test_property, test_limits, test_hostile, test_story_hostile,
# test_diag, the hostile/ inputs (their memory bounds do not hold under valgrind), the
# pseudo-terminal and signal tests, and ask --replay.
# Exit: 0 clean, 1 a failure (each is printed with its log), 77 valgrind is not installed.
set -u
build=$(cd "$1" && pwd) || exit 2
src=$(cd "$2" && pwd) || exit 2
jobs=${3:-2}
command -v valgrind > /dev/null || { echo "valgrind.sh: valgrind is not installed"; exit 77; }
[ -x "$build/triage" ] || { echo "valgrind.sh: no $build/triage: build first"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/logs" "$tmp/out" "$tmp/bin"
vg="valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible"
vg="$vg --errors-for-leak-kinds=definite,indirect,possible --num-callers=40"
vg="$vg --log-file=$tmp/logs/%p.log"

# the command under valgrind, for the tests that take the program as an argument
cat > "$tmp/bin/triage" <<EOF
#!/bin/sh
exec $vg "$build/triage" "\$@"
EOF
chmod +x "$tmp/bin/triage"
t="$tmp/bin/triage"

# one task per line: NAME<TAB>COMMAND (run by sh in SOURCE with NO_COLOR=1)
tasks="$tmp/tasks"
: > "$tasks"
task() { printf '%s\t%s\n' "$1" "$2" >> "$tasks"; }
for d in "$src"/tests/golden/*/; do
  [ -f "$d/cmd" ] || continue
  name=$(basename "$d")
  task "golden/$name" "sh tests/golden/run.sh '$t' '$d'"
done
basic="--rules tests/eval/rules/basic.yaml"
task vignettes "'$t' eval tests/cases"
task vignettes-jobs "'$t' eval --jobs 2 --format json tests/cases > /dev/null"
task vignettes-coverage "'$t' eval --coverage tests/cases > /dev/null"
task eval-jsonl "'$t' eval $basic --jsonl tests/eval/input/records.jsonl > /dev/null; [ \$? -eq 4 ]"
task eval-jsonl-jobs "'$t' eval $basic --jobs 2 --jsonl=tests/eval/input/records.jsonl > /dev/null; [ \$? -eq 4 ]"
task eval-compare "'$t' eval --rules tests/eval/rules/basic-v2.yaml --compare tests/eval/rules/basic.yaml tests/eval/compare > /dev/null"
task lint-shipped "'$t' lint --rules rules"
task fhir "'$t' export fhir-questionnaire > /dev/null && '$t' export fhir-response docs/examples/seed-answers.yaml --output '$tmp/out/r.json' && '$t' run --answers-fhir '$tmp/out/r.json' > /dev/null"
task ask/roundtrip "sh tests/ask/roundtrip.sh '$t' '$src'"
task ask/keep "sh tests/ask/keep.sh '$t' '$src'"
task export/rules-export "sh tests/export/rules_export.sh '$t' '$src'"
task init/starter "sh tests/init/init.sh '$t' '$src'"
task eval/jsonl-equals-run "sh tests/eval/jsonl_run.sh '$t'"
task cli/files "SKIP_FILE_SIZE_LIMIT=1 sh tests/cli/files.sh '$t' '$src'"
for s in kb_nodes explain report answers lint loader story_sites alarm infer interview quantity \
         story_negation conditions story_dates citations story_people story_split \
         story_conflicts story_numbers vocabulary oom; do
  task "unit/test_$s" "CK_FORK=no $vg '$build/tests/test_$s' > /dev/null"
done
for f in rules answers text jsonl cases ask quantity; do
  task "fuzz/replay-$f" "$vg '$build/tests/fuzz_replay_$f' tests/fuzz/corpus/$f/* > /dev/null"
done

# runs task number $1; its output goes to out/N, its name to out/N.fail on failure
cat > "$tmp/run1" <<'EOF'
#!/bin/sh
n=$1 tasks=$2 out=$3
line=$(sed -n "${n}p" "$tasks")
name=${line%%	*}
cmd=${line#*	}
if ! NO_COLOR=1 sh -c "$cmd" > "$out/$n" 2>&1; then
  echo "$name" > "$out/$n.fail"
fi
EOF
start=$(date +%s)
count=$(wc -l < "$tasks")
cd "$src" || exit 2
seq 1 "$count" | xargs -P "$jobs" -I{} sh "$tmp/run1" {} "$tasks" "$tmp/out"
secs=$(( $(date +%s) - start ))

fail=0
for f in "$tmp"/out/*.fail; do
  [ -e "$f" ] || continue
  n=$(basename "$f" .fail)
  echo "FAIL: $(cat "$f")"
  sed 's/^/  /' "$tmp/out/$n" | head -n 40
  fail=1
done
nlogs=0
for log in "$tmp"/logs/*.log; do
  [ -e "$log" ] || continue
  nlogs=$((nlogs + 1))
  if ! grep -q "ERROR SUMMARY:" "$log"; then
    echo "valgrind wrote no summary in $(basename "$log"):"
    head -n 20 "$log"
    fail=1
  elif ! grep -q "ERROR SUMMARY: 0 errors" "$log"; then
    echo "valgrind found errors ($(basename "$log")):"
    grep -v "^==[0-9]*== *$" "$log" | head -n 60
    fail=1
  fi
done
result=clean
[ $fail = 0 ] || result=FAILED
echo "valgrind.sh: $count tests, $nlogs programs under memcheck, $secs s: $result"
exit $fail
