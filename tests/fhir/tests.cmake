# FHIR R4 (README "FHIR"; cli/fhir.c):
#   fhir/<golden>          exact output of export fhir-questionnaire / fhir-response on a small
#                          rule file with every question type and ask_ifs enableWhen can and
#                          cannot say, and of run --answers-fhir, its strict JSON and its errors
#   fhir/roundtrip         answers -> QuestionnaireResponse -> answers is identical (answers and
#                          result) for every vignette in tests/cases
#   fhir/cli-roundtrip     the same through the command: run --answers-fhir of an exported
#                          response prints the same bytes as run of the answers file
#   fhir/fhirjs-*          the Questionnaire (built-in and test rules) and every vignette's
#                          QuestionnaireResponse pass FHIR.js (npm `fhir`) validation
#   fhir/schema-*          ... and the official FHIR R4 JSON Schema (python3-jsonschema)
# The validators come from tests/fhir/setup.sh (npm); without them those tests are skipped
# with a message (exit 77).
set(triage_fhir_dir ${CMAKE_CURRENT_LIST_DIR})
if(NOT DEFINED TRIAGE_TEST_TOOLS)
  set(TRIAGE_TEST_TOOLS ${PROJECT_SOURCE_DIR}/.test-tools)
endif()

file(GLOB fhir_golden CONFIGURE_DEPENDS LIST_DIRECTORIES true ${triage_fhir_dir}/golden/*)
foreach(dir IN LISTS fhir_golden)
  if(IS_DIRECTORY ${dir} AND EXISTS ${dir}/cmd)
    get_filename_component(name ${dir} NAME)
    add_test(NAME fhir/${name}
             COMMAND sh ${PROJECT_SOURCE_DIR}/tests/golden/run.sh $<TARGET_FILE:triage-cli> ${dir})
    set_tests_properties(fhir/${name} PROPERTIES LABELS fhir)
  endif()
endforeach()

add_executable(fhir_roundtrip ${triage_fhir_dir}/roundtrip.c ${PROJECT_SOURCE_DIR}/cli/fhir.c
               ${PROJECT_SOURCE_DIR}/cli/json_doc.c ${PROJECT_SOURCE_DIR}/cli/common.c)
target_include_directories(fhir_roundtrip PRIVATE ${PROJECT_SOURCE_DIR}/cli)
target_link_libraries(fhir_roundtrip PRIVATE triage_engine triage_flags PkgConfig::JANSSON PkgConfig::YAML
                      PkgConfig::PCRE2 m)
add_test(NAME fhir/roundtrip COMMAND fhir_roundtrip ${PROJECT_SOURCE_DIR}/tests/cases)
add_test(NAME fhir/cli-roundtrip
         COMMAND sh ${triage_fhir_dir}/cli_roundtrip.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR})
add_test(NAME fhir/validate
         COMMAND sh ${triage_fhir_dir}/validate.sh $<TARGET_FILE:triage-cli> $<TARGET_FILE:fhir_roundtrip>
                 ${TRIAGE_TEST_TOOLS} ${PROJECT_SOURCE_DIR})
set_tests_properties(fhir/roundtrip fhir/cli-roundtrip fhir/validate PROPERTIES LABELS fhir)
set_tests_properties(fhir/validate PROPERTIES SKIP_RETURN_CODE 77)
