# Knowledge-base tests that go beyond single vignettes: red flags always win, however they are
# told and with unknown qualifiers at their worst case; worrying answers never lower the level;
# results are consistent.
add_executable(monotonic ${CMAKE_CURRENT_LIST_DIR}/monotonic.c)
target_include_directories(monotonic PRIVATE ${PROJECT_SOURCE_DIR}/engine)
target_link_libraries(monotonic PRIVATE triage_engine triage_flags)
add_test(NAME kb/red-flags-monotonic
         COMMAND monotonic ${CMAKE_CURRENT_LIST_DIR}/red-flag-triggers.yaml
                 ${CMAKE_CURRENT_LIST_DIR}/worrying-answers.yaml ${PROJECT_SOURCE_DIR}/tests/cases)
set_tests_properties(kb/red-flags-monotonic PROPERTIES LABELS kb)

# What a result says never contradicts itself, over every vignette and every one-answer variant
# (the consistency rules of engine/explain.c); also prints the largest short report.
add_executable(consistency ${CMAKE_CURRENT_LIST_DIR}/consistency.c)
target_include_directories(consistency PRIVATE ${PROJECT_SOURCE_DIR}/engine)
target_link_libraries(consistency PRIVATE triage_engine triage_flags PkgConfig::YAML PkgConfig::PCRE2 m)
add_test(NAME kb/consistency COMMAND consistency ${PROJECT_SOURCE_DIR}/tests/cases)
set_tests_properties(kb/consistency PROPERTIES LABELS kb)

# The JSON says, per look-alike reason, which side it supports, and says it right (the seed).
add_executable(lookalike_sides ${CMAKE_CURRENT_LIST_DIR}/lookalike_sides.c)
target_include_directories(lookalike_sides PRIVATE ${PROJECT_SOURCE_DIR}/engine)
target_link_libraries(lookalike_sides PRIVATE triage_engine triage_flags PkgConfig::YAML PkgConfig::PCRE2 m)
add_test(NAME kb/lookalike-sides
         COMMAND lookalike_sides --seed ${PROJECT_SOURCE_DIR}/docs/examples/seed-answers.yaml)
set_tests_properties(kb/lookalike-sides PROPERTIES LABELS kb)
