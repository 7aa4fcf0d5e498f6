# Lint, the JSON Schema and the documentation examples.
#   lint/shipped-*      the bundled knowledge base has no errors and no warnings
#   lint/schema         every rule file (rules/, docs examples, and the golden tests' files
#                       that lint accepts) validates against docs/rules.schema.json, and
#                       every file in lint/schema-bad/ does not, nor passes `triage lint`
#   lint/docs-examples  every example in the rule-language guide (docs/rule-language.md,
#                       tutorial.md, lint.md) and in docs/eval.md lints clean and gives the
#                       result shown
# The last two need python3 (and python3-yaml, python3-jsonschema for the schema);
# without them they are skipped with a message.

add_test(NAME lint/shipped-embedded COMMAND triage-cli lint --werror)
add_test(NAME lint/shipped-rules-dir COMMAND triage-cli lint --werror --rules ${PROJECT_SOURCE_DIR}/rules)
set_tests_properties(lint/shipped-embedded lint/shipped-rules-dir PROPERTIES LABELS lint)

find_package(Python3 COMPONENTS Interpreter QUIET)
if(NOT Python3_Interpreter_FOUND)
  message(STATUS "lint: python3 not found; skipping the schema and documentation-example tests")
  return()
endif()

add_test(NAME lint/docs-examples
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/doc_examples.py
                 --triage $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR}/docs/rule-language.md
                 ${PROJECT_SOURCE_DIR}/docs/tutorial.md ${PROJECT_SOURCE_DIR}/docs/lint.md
                 ${PROJECT_SOURCE_DIR}/docs/eval.md)
set_tests_properties(lint/docs-examples PROPERTIES LABELS lint)

execute_process(COMMAND ${Python3_EXECUTABLE} -c "import yaml, jsonschema"
                RESULT_VARIABLE schema_modules OUTPUT_QUIET ERROR_QUIET)
if(NOT schema_modules EQUAL 0)
  message(STATUS "lint: python3 modules yaml and jsonschema not found (Debian: python3-yaml "
                 "python3-jsonschema); skipping the schema test")
  return()
endif()
add_test(NAME lint/schema
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/validate_schema.py
                 --schema ${PROJECT_SOURCE_DIR}/docs/rules.schema.json
                 --docs ${PROJECT_SOURCE_DIR}/docs
                 --bad ${CMAKE_CURRENT_LIST_DIR}/schema-bad
                 --triage $<TARGET_FILE:triage-cli>
                 --lint-accepted ${PROJECT_SOURCE_DIR}/tests/golden
                 ${PROJECT_SOURCE_DIR}/rules)
set_tests_properties(lint/schema PROPERTIES LABELS lint)
