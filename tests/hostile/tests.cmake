# Hostile input, bounded: each case generates an input that once took minutes, gigabytes or
# forever, runs `triage` on it and checks exit status, message, output size, time and peak
# memory (hostile/hostile.c). The unit suites that build huge inputs in memory get a time
# limit here too: their inputs took minutes before their fixes.
add_executable(hostile ${CMAKE_CURRENT_LIST_DIR}/hostile.c)
target_link_libraries(hostile PRIVATE triage_flags)
foreach(case answers-54k-one-line rules-40k-errors answers-150k-keys rules-150k-keys
             cases-40k-errors jsonl-records-with-many-errors fifo-answers fifo-rules fifo-cases
             symlink-loop fact-chain-4000 catastrophic-tests-2000
             ask-1gb-line ask-8mb-line ask-json-1mb-line ask-nul-byte ask-input-over-16mib
             ask-100-lines-at-one-question ask-stdin-a-folder)
  add_test(NAME hostile/${case}
           COMMAND hostile $<TARGET_FILE:triage-cli> ${case} ${CMAKE_CURRENT_BINARY_DIR}/hostile-work)
  # ASan keeps freed memory in quarantine (256 MB by default), which would hide what is measured
  set_tests_properties(hostile/${case} PROPERTIES LABELS hostile TIMEOUT 120
                       ENVIRONMENT "ASAN_OPTIONS=quarantine_size_mb=4:detect_leaks=1")
endforeach()
set_tests_properties(unit/test_diag unit/test_hostile unit/test_answers unit/test_limits
                     unit/test_oom unit/test_property PROPERTIES TIMEOUT 300)
