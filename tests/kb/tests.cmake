# Knowledge-base tests that go beyond single vignettes: red flags always win.
add_executable(monotonic ${CMAKE_CURRENT_LIST_DIR}/monotonic.c)
target_link_libraries(monotonic PRIVATE triage_engine triage_flags)
add_test(NAME kb/red-flags-monotonic
         COMMAND monotonic ${CMAKE_CURRENT_LIST_DIR}/red-flag-triggers.yaml ${PROJECT_SOURCE_DIR}/tests/cases)
set_tests_properties(kb/red-flags-monotonic PROPERTIES LABELS kb)
