#!/bin/sh
# doc_examples.sh SOURCE_DIR - every transcript shown in docs/ask.md (a fenced block opened with
# ```text transcript=NAME) is a contiguous excerpt of tests/golden/NAME/expected, the output
# that the transcript test NAME checks: the documentation shows what the program really prints.
src=$1
doc=$src/docs/ask.md
awk -v golden="$src/tests/golden" '
  function check(   name, n, i, j, ok, line, k) {
    name = block_name
    n = 0
    file = golden "/" name "/expected"
    while ((getline line < file) > 0) want[++n] = line
    close(file)
    if (n == 0) { printf "%s:%d: no transcript %s\n", FILENAME, start, file; bad = 1; return }
    for (i = 1; i + nb - 1 <= n; i++) {
      ok = 1
      for (j = 1; j <= nb; j++) if (want[i + j - 1] != blk[j]) { ok = 0; break }
      if (ok) { count++; return }
    }
    printf "%s:%d: this block is not part of %s\n", FILENAME, start, file
    bad = 1
  }
  /^```text transcript=/ { inb = 1; nb = 0; start = FNR; block_name = substr($2, 12); next }
  inb && /^```/ { inb = 0; check(); next }
  inb { blk[++nb] = $0 }
  END {
    if (count == 0 && !bad) { print "no transcript blocks found"; exit 1 }
    if (!bad) printf "ok (%d transcript%s)\n", count, count == 1 ? "" : "s"
    exit bad
  }' "$doc"
