#!/bin/sh
# eval-gen.sh - repeat a suite of case files to N cases, for measuring `triage eval`.
#
# Usage: bench/eval-gen.sh SRC_DIR N OUT_DIR [CASES_PER_FILE]
#
# Reads every case file under SRC_DIR (e.g. tests/cases), and writes OUT_DIR/NNNNN.yaml files
# of CASES_PER_FILE cases each (default 2000; a case file may hold at most 2 MiB), N cases in
# all: the suite's cases over and over, each copy's id suffixed with -rK so that ids stay
# unique.
set -eu
src=$1 n=$2 out=$3 per=${4:-2000}
mkdir -p "$out"
find "$src" -name '*.yaml' | LC_ALL=C sort | xargs cat | awk -v n="$n" -v out="$out" -v per="$per" '
  # collect the cases: lines from "- id:" to the next one, without comments or "cases:"
  /^[[:space:]]*#/ || /^cases:/ || /^format:/ { next }
  /^  - id:/ { nc++ }
  nc > 0 && NF > 0 { body[nc] = body[nc] $0 "\n" }
  END {
    made = 0; file = 0; infile = per
    for (rep = 1; made < n; rep++)
      for (c = 1; c <= nc && made < n; c++) {
        if (infile == per) {
          if (file) close(path)
          path = sprintf("%s/%05d.yaml", out, file++)
          print "cases:" > path
          infile = 0
        }
        b = body[c]
        sub(/- id: [^\n]*/, "&-r" rep, b)
        printf "%s", b > path
        infile++; made++
      }
  }'
