#!/bin/sh
# exports.sh NM READELF LIBRARY MAJOR
#
# The shared library exports the public API and nothing else: every defined dynamic symbol
# starts with tri_ (the internal modules' names, arena_new or sb_init, stay inside), the
# API's entry points are there, and the SONAME is libtriage.so.MAJOR.
set -eu
nm=$1 readelf=$2 lib=$3 major=$4

fail() { echo "library/exports: $*" >&2; exit 1; }

names=$("$nm" -D --defined-only "$lib" | awk '{ print $NF }') || fail "$nm failed on $lib"
for name in tri_version tri_kb_load tri_session_new tri_session_evaluate; do
  printf '%s\n' "$names" | grep -qx "$name" || fail "$lib does not export $name"
done
others=$(printf '%s\n' "$names" | grep -v '^tri_' || true)
if [ -n "$others" ]; then
  echo "library/exports: $lib exports names without the tri_ prefix:" >&2
  printf '  %s\n' $others >&2
  exit 1
fi
soname=$("$readelf" -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
[ "$soname" = "libtriage.so.$major" ] || fail "SONAME is '$soname', expected libtriage.so.$major"
echo "library/exports: $(printf '%s\n' "$names" | wc -l) names, all tri_*; SONAME $soname"
