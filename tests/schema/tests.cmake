# The JSON Schemas shipped in docs/ (rules, answers files, case files, results, eval reports):
#   schema/ajv-strict   each compiles under Ajv 8 in full strict mode (ajv from
#                       tests/fhir/setup.sh; skipped without node or ajv)
#   schema/data-files   answers and case files validate; known-bad ones are refused by the
#                       schema and by the program alike (python3-yaml, python3-jsonschema)
#   schema/outputs      real outputs validate: every vignette's result (through --jsonl, each
#                       joined to its case by id), run --trace, --jsonl error records, eval
#                       reports with coverage, compare and invalid files; every member is
#                       described; known-bad outputs are refused
# (lint/schema in tests/lint checks rule files against docs/rules.schema.json.)
if(NOT DEFINED TRIAGE_TEST_TOOLS)
  set(TRIAGE_TEST_TOOLS ${PROJECT_SOURCE_DIR}/.test-tools)
endif()
file(GLOB triage_schemas CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.schema.json)
find_program(TRIAGE_NODE node)
if(TRIAGE_NODE)
  add_test(NAME schema/ajv-strict
           COMMAND ${TRIAGE_NODE} ${CMAKE_CURRENT_LIST_DIR}/ajv_strict.js ${TRIAGE_TEST_TOOLS} ${triage_schemas})
  set_tests_properties(schema/ajv-strict PROPERTIES LABELS schema SKIP_RETURN_CODE 77)
else()
  message(STATUS "schema: node not found; skipping the ajv strict-mode test")
endif()

find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  execute_process(COMMAND ${Python3_EXECUTABLE} -c "import yaml, jsonschema"
                  RESULT_VARIABLE schema_modules OUTPUT_QUIET ERROR_QUIET)
endif()
if(Python3_Interpreter_FOUND AND schema_modules EQUAL 0)
  add_test(NAME schema/data-files
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/validate_data.py
                   --triage $<TARGET_FILE:triage-cli> --docs ${PROJECT_SOURCE_DIR}/docs --top ${PROJECT_SOURCE_DIR})
  set_tests_properties(schema/data-files PROPERTIES LABELS schema)
  add_test(NAME schema/outputs
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/validate_outputs.py
                   --triage $<TARGET_FILE:triage-cli> --top ${PROJECT_SOURCE_DIR})
  set_tests_properties(schema/outputs PROPERTIES LABELS schema)
else()
  message(STATUS "schema: python3 with yaml and jsonschema not found; skipping schema/data-files "
                 "and schema/outputs")
endif()
