# Tests of `triage ask` beyond the piped transcripts in tests/golden/ask-*:
#   ask/roundtrip   --save on every way out (end, quit, end of input, SIGINT); the saved answers
#                   through `triage run` give the same result as the interview
#   ask/pty         the interview on a pseudo-terminal: colours, NO_COLOR, wrapping to the width,
#                   tab completion (libedit), parent phrasing, Ctrl-D
#   ask/docs-examples  the transcripts in docs/ask.md are excerpts of tests/golden/ask-*
#   ask/keep        leaving early (quit, end of input, SIGINT) says what is known; the answers
#                   are kept in $XDG_STATE_HOME/triage/ and --resume goes on from them
#   ask/measure     issue 5's measurement on the vignettes: same top explanation and triage level
#                   as `triage run` for >= 95%, asking <= 60% of the questions on average
set(triage_ask_dir ${CMAKE_CURRENT_LIST_DIR})

add_test(NAME ask/roundtrip
         COMMAND sh ${triage_ask_dir}/roundtrip.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR})
set_tests_properties(ask/roundtrip PROPERTIES LABELS ask)

add_executable(ask_pty_test ${triage_ask_dir}/pty_test.c)
target_link_libraries(ask_pty_test PRIVATE triage_flags util)
# preloaded into `triage ask` to make libedit's copy of a line fail (no sanitizer: it is
# loaded before the sanitizer's runtime)
add_library(ask_fail_strdup MODULE ${triage_ask_dir}/fail_strdup.c)
target_link_libraries(ask_fail_strdup PRIVATE ${CMAKE_DL_LIBS})
if(LIBEDIT_FOUND)
  target_compile_definitions(ask_pty_test PRIVATE TRIAGE_HAVE_LIBEDIT=1)
endif()
add_test(NAME ask/pty
         COMMAND ask_pty_test $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR}/tests/golden/ask-rules
                 $<TARGET_FILE:ask_fail_strdup>)
set_tests_properties(ask/pty PROPERTIES LABELS ask)

add_test(NAME ask/measure
         COMMAND triage-cli ask --replay ${PROJECT_SOURCE_DIR}/tests/cases)
set_tests_properties(ask/measure PROPERTIES LABELS ask)

# the transcripts shown in docs/ask.md are excerpts of the checked transcripts
add_test(NAME ask/docs-examples COMMAND sh ${triage_ask_dir}/doc_examples.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(ask/docs-examples PROPERTIES LABELS ask)

# leaving early: what is known is said, the answers are kept and --resume goes on from them
add_test(NAME ask/keep COMMAND sh ${triage_ask_dir}/keep.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR})
set_tests_properties(ask/keep PROPERTIES LABELS ask)
