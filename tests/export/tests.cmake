# Exporting the built-in knowledge base:
#   export/rules-export   `triage rules export DIR` is byte-identical to rules/, never
#                         overwrites, and `eval --compare builtin` compares with the built-in rules
add_test(NAME export/rules-export
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/rules_export.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR})
set_tests_properties(export/rules-export PROPERTIES LABELS export)
