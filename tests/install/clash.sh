#!/bin/sh
# clash.sh CC NM INCLUDE UNHIDDEN STATIC WORK -- LIBS...
#
# A program may use any name outside tri_* for itself, even one the library uses inside:
# this writes a program that defines, as its own functions, every global name of the engine
# that lacks the tri_ prefix (taken from UNHIDDEN, the internal archive with every name
# visible: arena_new, sb_init, ...), calls the first of them, and uses the library.
#   - Linked with UNHIDDEN it must fail (multiple definitions): the program does clash.
#   - Linked with STATIC (libtriage.a) it must link and run, and the library must not have
#     called any of the program's functions.
# LIBS are libyaml, PCRE2 and libm as the linker wants them; CFLAGS in the environment go to
# the compiler (the sanitizer flags of a sanitizer build).
set -eu
cc=$1 nm=$2 include=$3 unhidden=$4 static=$5 work=$6
shift 6
[ "$1" = "--" ] && shift
cflags=${CFLAGS:-}

fail() { echo "library/static-no-clash: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
"$nm" -g --defined-only "$unhidden" | awk 'NF == 3 { print $3 }' |
  grep -v '^tri_' | grep '^[A-Za-z]' | sort -u >"$work/names"
[ -s "$work/names" ] || { echo "library/static-no-clash: the engine has no names outside tri_*"; exit 0; }
first=$(head -n 1 "$work/names")

{
  echo '#include <stdio.h>'
  echo '#include "triage/triage.h"'
  echo 'static int calls; /* calls to the functions below */'
  while read -r name; do
    echo "void $name(void); void $name(void) { calls++; }"
  done <"$work/names"
  cat <<EOC
int main(void)
{
    $first(); /* the program's own */
    tri_error err = {0};
    tri_kb *kb = tri_kb_load_default(NULL, &err);
    tri_session *s = kb ? tri_session_new(kb, NULL, &err) : NULL;
    int q = kb ? tri_kb_question_find(kb, "emergency_signs") : -1;
    if (!s || q < 0 || tri_session_answer(s, (size_t)q, "face_droop", &err) != TRI_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    tri_session_evaluate(s);
    printf("level %s, %d call(s) to the program's own functions\n",
           tri_level_name(tri_result_level(s)), calls);
    tri_session_free(s);
    tri_kb_free(kb);
    return calls == 1 ? 0 : 1;
}
EOC
} >"$work/program.c"

# shellcheck disable=SC2086
if "$cc" $cflags -I"$include" -o "$work/clash" "$work/program.c" "$unhidden" "$@" \
     >"$work/unhidden.log" 2>&1; then
  fail "the program linked with every internal name visible: it does not test a clash"
fi
grep -Eq "multiple definition|duplicate symbol" "$work/unhidden.log" ||
  { cat "$work/unhidden.log" >&2; fail "linking with the internal archive failed, but not on a clash"; }

# shellcheck disable=SC2086
"$cc" $cflags -I"$include" -o "$work/program" "$work/program.c" "$static" "$@" ||
  fail "the program does not link with $static: names outside tri_* clash"
out=$("$work/program") || fail "the program failed: $out"
[ "$out" = "level emergency, 1 call(s) to the program's own functions" ] ||
  fail "unexpected output: $out"
echo "library/static-no-clash: $(wc -l <"$work/names") names defined by the program and the library; $out"
