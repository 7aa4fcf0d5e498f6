#!/bin/sh
# layers.sh - the floors of the engine, checked.
#
# Usage: layers.sh [--report] [--nm NM] SOURCE_DIR [OBJECT...]
#
# The engine is built in floors: a module may include the headers of its own floor and of the
# floors below, never of a floor above (the table below; a module is a .c/.h pair named alike).
# The command (cli/) is a client like any other: it includes the public header triage/triage.h
# and its own headers, nothing of engine/. Three graphs must have no circle:
#   - the include graph of engine/ (module -> module whose header it includes),
#   - the include graph of cli/,
#   - the link graph of the objects given (module -> module defining a symbol it uses), which
#     also catches a circle hidden behind one shared header (a.c and b.c each calling the other
#     through common.h).
# Every engine module must be in the table, so a new one is placed on purpose. --report prints
# the findings and exits 0 (for measuring); otherwise any finding fails.
#
# Floors, lowest first. A line: FLOOR-NUMBER NAME MODULE... Two names may share a number
# (lint and load; the story passes beside the readers): modules of one floor may include each
# other as long as no circle forms.
#   base     memory, buffers, diagnostics, names, files: no engine include but each other
#   read     bytes to values: YAML trees (loader), patterns (rx), quantities, value shapes
#            (schema), a person's words (story)
#   kb       the compiled representation and what reads only it (accessors, the public view
#            of tests, reachability, emergency-phrase matching). Below the compiler: the
#            builder includes the representation it fills, never the other way round.
#   compile  tree -> kb: helpers at the bottom, passes, the driver (compile.c) on top
#   checks   lint (trees + kb); load: the one place that builds a kb (files -> loader ->
#            compile -> lint -> trees freed)
#   session  one evaluation: answers, their parsing, inference
#   explain  what a result says;  report: renders it;  tools: interview, case files
floors() {
cat <<'TABLE'
0 base      alloc arena vec strbuf diag names files version
1 read      loader rx quantity schema
1 story     story story_internal story_parse story_conflicts story_dates story_negation story_numbers story_people story_phrase story_sites story_split
2 kb        kb kb_nodes reach alarm
3 compile   compile_util declare when rules compile
4 checks    lint
4 load      load
5 session   session answer answers infer
6 explain   explain trace
7 report    report
8 tools     interview interview_json interview_text cases
TABLE
}

report=0
NM=nm
while [ $# -gt 0 ]; do
  case $1 in
    --report) report=1; shift ;;
    --nm) NM=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: layers.sh [--report] [--nm NM] SOURCE_DIR [OBJECT...]" >&2; exit 2; }
src=$1; shift
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

{
  floors | sed 's/^/F /'
  for dir in engine cli; do
    find "$src/$dir" -name '*.[ch]' | sort | while read -r f; do
      rel=${f#"$src"/}
      echo "M $dir $rel"
      sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\(["<][^">]*[">]\).*/\1/p' "$f" |
        while read -r h; do echo "I $dir $rel $h"; done
    done
  done
  # CTest passes each target's objects as one ;-separated argument
  for list in "$@"; do
    printf '%s\n' "$list" | tr ';' '\n' | while read -r o; do
      case $o in */engine/*) g=engine ;; *) g=cli ;; esac
      m=$(basename "$o"); m=${m%%.*}
      if ! "$NM" -g "$o" > "$tmp" 2>&1; then echo "X cannot read the symbols of $o"; continue; fi
      awk -v g="$g" -v m="$m" 'NF >= 2 {
        t = $(NF - 1); s = $NF
        if (t == "U") print "S", g, m, "U", s; else if (t ~ /^[TDBRCV]$/) print "S", g, m, "D", s }' "$tmp"
    done
  done
} | awk -v report="$report" '
function stem(path,    s) { s = path; sub(/.*\//, "", s); sub(/\.[ch]$/, "", s); return s }
function edge(g, a, b) {
  if (a == b || ((g, a, b) in seen)) return
  seen[g, a, b] = 1; adj[g, a, ++nadj[g, a]] = b; nodes[g, a] = 1; nodes[g, b] = 1
}
function problem(msg) { problems[++nproblems] = msg }
function strong(g, v,    w, i) {
  idx[g, v] = low[g, v] = ++counter; stack[++sp] = v; on[g, v] = 1
  for (i = 1; i <= nadj[g, v]; i++) {
    w = adj[g, v, i]
    if (!((g, w) in idx)) { strong(g, w); if (low[g, w] < low[g, v]) low[g, v] = low[g, w] }
    else if (on[g, w] && idx[g, w] < low[g, v]) low[g, v] = idx[g, w]
  }
  if (low[g, v] == idx[g, v]) {
    comp = ""; size = 0
    do { w = stack[sp--]; on[g, w] = 0; comp = w (comp == "" ? "" : " ") comp; size++ } while (w != v)
    if (size > 1) circles[++ncircles] = g ": " comp
  }
}
$1 == "F" { for (i = 4; i <= NF; i++) { floor[$i] = $2; floorname[$i] = $3 }; next }
$1 == "M" { files[$2, stem($3)] = 1; if ($3 ~ /\.h$/) header[$2, substr($3, length($2) + 2)] = 1
            hbase[$2, stem($3)] = 1; if ($2 == "engine" && !(stem($3) in floor)) unplaced[stem($3)] = 1; next }
$1 == "I" { inc[++ninc] = $0; next }
$1 == "X" { $1 = ""; problem(substr($0, 2)); next }
$1 == "S" { if ($4 == "D") definer[$2, $5] = $3; else use[++nuse] = $2 SUBSEP $3 SUBSEP $5; next }
END {
  for (m in unplaced) problem("engine/" m ": module not in the table of floors (tests/layers/layers.sh)")
  for (k = 1; k <= ninc; k++) {
    split(inc[k], f, " "); dir = f[2]; file = f[3]; h = f[4]; m = stem(file)
    quoted = h ~ /^"/; name = substr(h, 2, length(h) - 2)
    if (name == "triage/triage.h") continue
    if (dir == "engine") {
      if (!quoted) continue
      t = stem(name)
      if (!(t in floor)) { problem(file ": includes \"" name "\", which is not an engine module"); continue }
      if (floor[t] + 0 > floor[m] + 0)
        problem(file ": includes \"" name "\": floor " floor[m] " (" floorname[m] ") -> floor " floor[t] " (" floorname[t] ")")
      edge("includes engine", m, t)
    } else {
      if (!quoted) { if (name ~ /^triage\//) problem(file ": includes <" name ">, not the public header"); continue }
      own = name; sub(/.*\//, "", own)
      if (name ~ /\.\./ || !(("cli", stem(own)) in hbase) || own !~ /\.h$/)
        problem(file ": includes \"" name "\": the command includes only triage/triage.h and its own headers")
      else edge("includes cli", m, stem(own))
    }
  }
  for (k = 1; k <= nuse; k++) {
    split(use[k], u, SUBSEP)
    if ((u[1], u[3]) in definer) edge("links " u[1], u[2], definer[u[1], u[3]])
  }
  for (gv in nodes) { split(gv, p, SUBSEP); if (!((p[1], p[2]) in idx)) strong(p[1], p[2]) }
  for (i = 1; i <= ncircles; i++) problem("circle in the " circles[i])
  n = 0
  for (i = 1; i <= nproblems; i++) { print problems[i]; n++ }
  print "layers: " ncircles + 0 " circle(s), " (nproblems - ncircles) " other finding(s)"
  exit(report ? 0 : (nproblems > 0))
}'
