#!/bin/sh
# zsh.sh TRIAGE - the zsh completion script parses (zsh -n), registers _triage
# for triage after compinit, and names every command of `triage --help` and
# every option that `triage help CMD` documents. Skipped without zsh.
triage=$1
command -v zsh > /dev/null 2>&1 || { echo "skipped: zsh not found (Debian: zsh)"; exit 77; }
script=$(mktemp)
trap 'rm -f "$script"' EXIT
"$triage" completion zsh > "$script" || exit 1
fail=0
pass=0
zsh -n "$script" && pass=$((pass + 1)) || { echo "FAIL: zsh -n"; fail=$((fail + 1)); }
got=$(zsh -f -c 'autoload -Uz compinit && compinit -u -D; source "$1"; print -r -- ${_comps[triage]}' zsh "$script")
[ "$got" = _triage ] && pass=$((pass + 1)) || { echo "FAIL: not registered for triage (got '$got')"; fail=$((fail + 1)); }
for cmd in $("$triage" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
  grep -q "^    '$cmd:" "$script" && pass=$((pass + 1)) || { echo "FAIL: command $cmd missing"; fail=$((fail + 1)); }
  [ "$cmd" = help ] && continue
  for opt in $("$triage" help "$cmd" | sed -n 's/^  \(--[a-z][a-z-]*\).*/\1/p'); do
    # the option inside the command's case branch
    sed -n "/^    $cmd)/,/^      ;;/p" "$script" | grep -q "'$opt[=[]" && pass=$((pass + 1)) \
      || { echo "FAIL: $cmd $opt missing"; fail=$((fail + 1)); }
  done
done
echo "zsh completion: $pass passed, $fail failed"
[ $fail = 0 ]
