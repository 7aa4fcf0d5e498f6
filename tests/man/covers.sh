#!/bin/sh
# covers.sh TRIAGE PAGE - the man page names every command of `triage --help`
# and every option that `triage help CMD` documents, so that it cannot fall
# behind the program.
triage=$1
page=$2
text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$page")
pass=0
fail=0
for cmd in $("$triage" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
  if printf '%s\n' "$text" | grep -q "^\.B[IR]* \"*$cmd\b\|^\.B triage $cmd\b"; then
    pass=$((pass + 1))
  else
    echo "FAIL: the command '$cmd' is not described"; fail=$((fail + 1))
  fi
  [ "$cmd" = help ] && continue
  for opt in $("$triage" help "$cmd" | sed -n 's/^  \(--[a-z][a-z-]*\).*/\1/p'); do
    if printf '%s\n' "$text" | grep -q -- "$opt\b"; then
      pass=$((pass + 1))
    else
      echo "FAIL: '$cmd $opt' is not in the man page"; fail=$((fail + 1))
    fi
  done
done
echo "man page coverage: $pass passed, $fail failed"
[ $fail = 0 ]
