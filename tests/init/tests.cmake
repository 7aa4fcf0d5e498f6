# `triage init DIR` (cli/cmd_init.c):
#   init/starter   the starter folder lints clean, its cases pass, its answers run, its files
#                  point at JSON Schemas copied in (and validate against them when python3 has
#                  yaml and jsonschema); a non-empty folder is refused
find_package(Python3 COMPONENTS Interpreter QUIET)
set(init_python "")
if(Python3_Interpreter_FOUND)
  execute_process(COMMAND ${Python3_EXECUTABLE} -c "import yaml, jsonschema"
                  RESULT_VARIABLE init_modules OUTPUT_QUIET ERROR_QUIET)
  if(init_modules EQUAL 0)
    set(init_python ${Python3_EXECUTABLE})
  endif()
endif()
add_test(NAME init/starter
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/init.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR} ${init_python})
set_tests_properties(init/starter PROPERTIES LABELS init)
