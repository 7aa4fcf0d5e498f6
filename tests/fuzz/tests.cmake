# Fuzz corpora replayed as ordinary tests: every input the fuzzers kept (including any that
# once crashed) must still load or be refused cleanly, with every diagnostic formatted and
# checked. Fuzzing itself: tests/fuzz/fuzz.sh TARGET SECONDS (or `all`).
set(triage_fuzz_targets rules answers text jsonl cases ask quantity)
set(n 0)
foreach(target IN LISTS triage_fuzz_targets)
  math(EXPR n "${n} + 1")
  add_executable(fuzz_replay_${target} ${CMAKE_CURRENT_LIST_DIR}/fuzz_targets.c)
  target_compile_definitions(fuzz_replay_${target} PRIVATE FUZZ_TARGET=${n})
  target_include_directories(fuzz_replay_${target} PRIVATE ${PROJECT_SOURCE_DIR}/engine)
  target_link_libraries(fuzz_replay_${target} PRIVATE triage_engine triage_flags
                        PkgConfig::YAML PkgConfig::PCRE2 m)
  file(GLOB corpus CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/corpus/${target}/*)
  add_test(NAME fuzz/replay-${target} COMMAND fuzz_replay_${target} ${corpus})
  set_tests_properties(fuzz/replay-${target} PROPERTIES LABELS fuzz TIMEOUT 300)
endforeach()
