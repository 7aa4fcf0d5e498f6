# Stories (free text in a person's own words).
#   stories/dev-answers   the development stories' answers and expectations agree with
#                         `triage eval` (until eval reads `story:` itself). Needs python3-yaml;
#                         skipped with a message without it.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  execute_process(COMMAND ${Python3_EXECUTABLE} -c "import yaml"
                  RESULT_VARIABLE stories_yaml OUTPUT_QUIET ERROR_QUIET)
endif()
if(NOT Python3_Interpreter_FOUND OR NOT stories_yaml EQUAL 0)
  message(STATUS "stories: python3 with the yaml module not found; skipping stories/dev-answers")
  return()
endif()
add_test(NAME stories/dev-answers
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_dev.py
                 --triage $<TARGET_FILE:triage-cli> ${CMAKE_CURRENT_LIST_DIR}/dev.yaml)
set_tests_properties(stories/dev-answers PROPERTIES LABELS stories)
