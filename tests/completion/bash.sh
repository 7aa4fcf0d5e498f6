#!/bin/sh
# bash.sh TRIAGE - the bash completion script: sourced in a fresh bash it
# registers `complete -F _triage triage`, completes command names, options,
# fixed option values and first words, and offers every option that
# `triage help CMD` documents for each command in `triage --help`.
triage=$1
command -v bash > /dev/null 2>&1 || { echo "skipped: bash not found"; exit 77; }
script=$(mktemp)
trap 'rm -f "$script"' EXIT
"$triage" completion bash > "$script" || exit 1
TRIAGE="$triage" SCRIPT="$script" bash --norc --noprofile -c '
source "$SCRIPT" || exit 1
pass=0 fail=0
expect() { # WANT WORDS... : completing the last word gives exactly WANT
  want=$1; shift
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
  _triage
  got="${COMPREPLY[*]}"
  if [ "$got" = "$want" ]; then pass=$((pass + 1)); else
    echo "FAIL: [$*]: expected \"$want\", got \"$got\""; fail=$((fail + 1)); fi
}
offers() { # WORD WORDS... : WORD is among the completions
  word=$1; shift
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
  _triage
  case " ${COMPREPLY[*]} " in *" $word "*) pass=$((pass + 1)) ;;
    *) echo "FAIL: [$*] does not offer $word (got: ${COMPREPLY[*]})"; fail=$((fail + 1)) ;; esac
}
case "$(complete -p triage)" in
  *"-F _triage"*" triage") pass=$((pass + 1)) ;;
  *) echo "FAIL: complete -p triage: $(complete -p triage 2>&1)"; fail=$((fail + 1)) ;;
esac
expect "run rules" triage ru
expect "--format" triage run --fo
expect "text json" triage run --format ""
expect "text json junit tap" triage eval --format ""
expect "fhir-questionnaire fhir-response" triage export ""
expect "fhir-response" triage export --rules x fhir-r
expect "bash zsh" triage completion ""
expect "export" triage rules ""
expect "" triage export fhir-response ""
# every command and every documented option
for cmd in $("$TRIAGE" --help | sed -n "s/^  \([a-z][a-z]*\) .*/\1/p"); do
  offers "$cmd" triage ""
  [ "$cmd" = help ] && continue
  for opt in $("$TRIAGE" help "$cmd" | sed -n "s/^  \(--[a-z][a-z-]*\).*/\1/p"); do
    offers "$opt" triage "$cmd" -
  done
done
echo "bash completion: $pass passed, $fail failed"
[ $fail = 0 ]
'
