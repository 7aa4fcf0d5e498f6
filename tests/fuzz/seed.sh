#!/bin/sh
# seed.sh - (re)writes the seed part of the fuzz corpora from the project's own files:
#   rules     rules/*.yaml and every rule file under tests/
#   answers   every answers file under tests/golden
#   jsonl     the JSON Lines input of tests/eval, and a few hand-made records
#   cases     the vignettes (tests/cases) and the eval fixtures
#   ask       the `ask --format json` inputs of tests/golden
#   text      one answer per kind of question (first byte: the question)
#   quantity  durations, numbers and dates (first byte: which parser)
# Seeds are named seed-*; anything else in tests/fuzz/corpus/TARGET (inputs that once
# crashed, named crash-*, and hand-made ones) is kept. Files over 64 KiB are left out.
# Run it after adding rules or tests, then commit the corpus.
set -eu
cd "$(dirname "$0")/../.."
corpus=tests/fuzz/corpus

put() { # put TARGET NAME FILE: copy FILE in as seed-NAME (small files only)
  [ -f "$3" ] || return 0
  [ "$(wc -c < "$3")" -le 65536 ] || return 0
  cp "$3" "$corpus/$1/seed-$2"
}

# put_bytes TARGET NAME PREFIX TEXT: a seed of one byte (octal escape) then TEXT
put_bytes() {
  printf "$3%s" "$4" > "$corpus/$1/seed-$2"
}

for t in rules answers jsonl cases ask text quantity; do
  mkdir -p "$corpus/$t"
  rm -f "$corpus/$t"/seed-*
done

for f in rules/*.yaml; do put rules "kb-$(basename "$f" .yaml)" "$f"; done
for f in tests/golden/*/rules.yaml tests/eval/rules/*.yaml tests/eval/bad-rules.yaml; do
  [ -f "$f" ] || continue
  name=$(echo "$f" | sed 's|^tests/||; s|/rules.yaml$||; s|[/.]|-|g')
  put rules "$name" "$f"
done

for f in tests/golden/*/answers.yaml; do
  name=$(echo "$f" | sed 's|^tests/golden/||; s|/answers.yaml$||')
  put answers "$name" "$f"
done

put jsonl eval-records tests/eval/input/records.jsonl
printf '{"timing": "sleep_onset", "location": ["cheek"], "duration": "0.5-4 s"}\n{}\n{"age": 25, "how_long": "since March"}\n' \
  > "$corpus/jsonl/seed-hand"
printf '\357\273\277{"timing": "sleep_onset"}\n{"timing": null, "about": "child"}\r\n' \
  > "$corpus/jsonl/seed-bom-crlf"

for f in tests/cases/*.yaml tests/eval/cases/*.yaml tests/eval/invalid/*.yaml; do
  name=$(echo "$f" | sed 's|^tests/||; s|\.yaml$||; s|/|-|g')
  put cases "$name" "$f"
done

for f in tests/golden/ask-*/stdin; do
  name=$(echo "$f" | sed 's|^tests/golden/||; s|/stdin$||')
  put ask "$name" "$f"
done
printf '%s\n' '{"command": "what_if", "question": "timing", "answer": "awake_only"}' \
  '{"command": "how", "condition": "hypnic_jerks"}' '{"command": "result"}' \
  '{"answer": "since September", "question": "how_long"}' '{"command": "save", "file": "x"}' \
  > "$corpus/ask/seed-hand"

put_bytes text duration '\004' 'half a second to four seconds'
put_bytes text since '\204' 'since 2022-09'
put_bytes text number '\000' 'twenty five years old'
put_bytes text words '\002' 'as I am falling asleep'
put_bytes text multi '\003' 'cheek and the corner of the mouth'

put_bytes quantity duration-range '\000' 'about 0.5-4 s'
put_bytes quantity duration-words '\000' 'a couple of minutes or so'
put_bytes quantity duration-bound '\000' 'less than a second'
put_bytes quantity number '\001' 'twenty-five'
put_bytes quantity number-range '\002' '20-29 yrs old'
put_bytes quantity since-month '\003' '2023-02-16since September'
put_bytes quantity since-day '\003' '2024-02-29since 2023-02-28'
put_bytes quantity since-year '\003' '2023-02-16since March 9223372036854775807'
# answers.dict: the answers-file keys and every question and option id of the knowledge base
{
  echo "# Answers files, JSON Lines records and case files: keys, and the ids of rules/ (seed.sh)."
  for w in 'answers:' 'date:' 'format:' 'cases:' 'id:' 'source:' 'note:' 'expect:' 'top:' \
           'in_top3:' 'not_in_top3:' 'triage:' 'triage_at_least:' 'red_flags:' unknown yes no \
           null '2023-02-16' 'since September' '0.5-4 s' '[' ']' '{' '}' ': ' ', ' '"'; do
    printf '"%s"\n' "$(printf '%s' "$w" | sed 's/"/\\"/g')"
  done
  grep -ohE '(^ *- id: |\{id: )[a-z_0-9]+' rules/*.yaml | grep -oE '[a-z_0-9]+$' | sort -u |
    sed 's/.*/"&"/'
} > tests/fuzz/answers.dict

echo "seeded: $(ls "$corpus"/*/seed-* | wc -l) files"
