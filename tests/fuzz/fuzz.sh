#!/bin/sh
# fuzz.sh TARGET [SECONDS] - fuzz one target with libFuzzer (clang, ASan, UBSan).
#   TARGET: rules | answers | text
# Builds the engine with clang into build-fuzz/, then fuzzes starting from the seed
# corpus tests/fuzz/corpus/TARGET; inputs the fuzzer finds interesting go to
# build-fuzz/corpus-TARGET (not committed). A crash leaves crash-* in the current folder:
# fix it, then add it to tests/fuzz/corpus/TARGET so the replay test keeps it fixed.
set -eu
cd "$(dirname "$0")/../.."
target=$1
seconds=${2:-60}
case "$target" in rules) n=1 ;; answers) n=2 ;; text) n=3 ;; *) echo "usage: $0 rules|answers|text [SECONDS]" >&2; exit 2 ;; esac
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DTRIAGE_TESTS=OFF \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -g -O1" >/dev/null
cmake --build build-fuzz -j2 --target triage_engine >/dev/null
clang -g -O1 -fsanitize=fuzzer,address,undefined -DFUZZING -DFUZZ_TARGET=$n -Iinclude \
  tests/fuzz/fuzz_targets.c build-fuzz/libtriage_engine.a \
  $(pkg-config --libs yaml-0.1 libpcre2-8) -lm -o build-fuzz/fuzz_$target
mkdir -p build-fuzz/corpus-$target
exec build-fuzz/fuzz_$target -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 build-fuzz/corpus-$target tests/fuzz/corpus/$target
