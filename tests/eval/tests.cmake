# Tests of `triage eval` itself (fixtures in this directory; docs/eval.md describes the command):
#   eval/<golden>         exact standard output, standard error and exit status (run.sh,
#                         expected/NAME.out and .err) for every format, every expectation key
#                         passing and failing, an invalid case file in each format, --compare,
#                         --coverage, --jsonl, --case and the usage errors
#   golden/eval-invalid-* (in tests/golden) the exact diagnostics for invalid case files
#   eval/junit-xsd        the JUnit XML is valid against Jenkins' strict junit-10.xsd (xmllint)
#   eval/junit-counts     its tests, failures and errors counts match its elements
#   eval/tap13-grammar    the TAP output follows the TAP version 13 grammar
#   eval/prove-reads-tap  TAP::Harness's prove (a real consumer) gives the right verdicts
#   eval/jobs-identical   --jobs 2 and 3 write the same bytes as --jobs 1
#   eval/jsonl-memory     100,000 JSON Lines records stream through in bounded memory
#   eval/jsonl-equals-run each --jsonl line is the `triage run --format json` object
#   eval/cases-api        the case-file API of the library (Check)
#   vignettes             every clinical vignette in tests/cases passes
set(triage_eval_dir ${CMAKE_CURRENT_LIST_DIR})

function(triage_eval_golden name status stdin)
  add_test(NAME eval/${name}
           COMMAND sh ${triage_eval_dir}/run.sh $<TARGET_FILE:triage-cli> ${name} ${status} ${stdin} ${ARGN})
  set_tests_properties(eval/${name} PROPERTIES LABELS eval)
endfunction()

set(basic --rules rules/basic.yaml)
# every expectation key, passing and failing, in each format
triage_eval_golden(pass-text 0 - eval ${basic} cases/pass.yaml)
triage_eval_golden(fail-text 1 - eval ${basic} cases/fail.yaml)
triage_eval_golden(dir-text 1 - eval ${basic} cases)
triage_eval_golden(dir-json 1 - eval ${basic} --format json cases)
triage_eval_golden(dir-junit 1 - eval ${basic} --format junit cases)
triage_eval_golden(dir-tap 1 - eval ${basic} --format tap cases)
triage_eval_golden(pass-tap 0 - eval ${basic} --format tap cases/pass.yaml)
# invalid case files (invalid/*.yaml): their exact diagnostics are golden tests in
# tests/golden/eval-invalid-* (issue 7: exact diagnostics live there); here, an invalid file in
# each machine format: the valid cases of a file still run, and the run exits 4
triage_eval_golden(invalid-mixed-json 4 - eval ${basic} --format json invalid/mixed.yaml)
triage_eval_golden(invalid-mixed-junit 4 - eval ${basic} --format junit invalid/mixed.yaml)
triage_eval_golden(invalid-mixed-tap 4 - eval ${basic} --format tap invalid/mixed.yaml)
# --compare: basic-v2.yaml (new) against basic.yaml (old), with known differences
triage_eval_golden(compare-text 0 - eval --rules rules/basic-v2.yaml --compare rules/basic.yaml compare)
triage_eval_golden(compare-json 0 - eval --rules rules/basic-v2.yaml --compare rules/basic.yaml --format json compare)
# --coverage
triage_eval_golden(coverage-text 0 - eval ${basic} --coverage cases/pass.yaml)
triage_eval_golden(coverage-json 1 - eval ${basic} --coverage --format json cases)
# --jsonl: one result per line, a bad line answered by an error object and reported on stderr
triage_eval_golden(jsonl-stdin 4 input/records.jsonl eval ${basic} --jsonl)
triage_eval_golden(jsonl-file 4 - eval ${basic} --jsonl input/records.jsonl)
triage_eval_golden(jsonl-jobs 4 - eval ${basic} --jobs 2 --jsonl=input/records.jsonl)
# records with ids ("id" or "_id": echoed in results and errors) and strict JSON (RFC 8259)
triage_eval_golden(jsonl-ids 4 - eval ${basic} --jsonl input/ids.jsonl)
# a byte-order mark opening the input; a long record shown as a window around the error
triage_eval_golden(jsonl-bom-long 4 - eval ${basic} --jsonl input/bom-long.jsonl)
# --case: one case with every expectation explained, the result, HOW and the rule trace
triage_eval_golden(case-fail 1 - eval ${basic} --case several-failures cases)
triage_eval_golden(case-pass 0 - eval ${basic} --case argued-against-only cases)
triage_eval_golden(case-missing 4 - eval ${basic} --case no-such-case cases)
triage_eval_golden(case-invalid 4 - eval ${basic} --case bad invalid/mixed.yaml)
triage_eval_golden(usage-case-format 2 - eval ${basic} --case bad --format json cases)
# usage (2), rules (3) and input (4) errors, help
triage_eval_golden(usage-format 2 - eval --format xml cases)
triage_eval_golden(usage-jobs 2 - eval --jobs 0 cases)
triage_eval_golden(usage-no-paths 2 - eval)
triage_eval_golden(usage-option 2 - eval --verbose cases)
triage_eval_golden(usage-jsonl-coverage 2 - eval --jsonl --coverage)
triage_eval_golden(usage-jsonl-format 2 - eval --jsonl --format tap)
triage_eval_golden(usage-compare-junit 2 - eval --compare rules/basic.yaml --format junit cases)
triage_eval_golden(rules-fail 3 - eval --rules bad-rules.yaml cases)
triage_eval_golden(missing-path 4 - eval ${basic} no-such-dir)
triage_eval_golden(no-case-files 4 - eval ${basic} no-cases)
triage_eval_golden(help 0 - help eval)

# structure checks of the CI formats (small C checkers: nothing beyond the C library)
add_executable(eval_check_junit ${triage_eval_dir}/check_junit.c)
add_executable(eval_check_tap ${triage_eval_dir}/check_tap.c)
target_link_libraries(eval_check_junit PRIVATE triage_flags)
target_link_libraries(eval_check_tap PRIVATE triage_flags)
add_test(NAME eval/junit-counts
         COMMAND sh ${triage_eval_dir}/pipe.sh $<TARGET_FILE:eval_check_junit> 9 1 -- $<TARGET_FILE:triage-cli>
                 eval ${basic} --format junit cases invalid/mixed.yaml)
add_test(NAME eval/tap13-grammar
         COMMAND sh ${triage_eval_dir}/pipe.sh $<TARGET_FILE:eval_check_tap> 10 -- $<TARGET_FILE:triage-cli>
                 eval ${basic} --format tap cases invalid/mixed.yaml)
add_test(NAME eval/junit-counts-vignettes
         COMMAND sh ${triage_eval_dir}/pipe.sh $<TARGET_FILE:eval_check_junit> -- $<TARGET_FILE:triage-cli>
                 eval --format junit ${PROJECT_SOURCE_DIR}/tests/cases)
add_test(NAME eval/tap13-grammar-vignettes
         COMMAND sh ${triage_eval_dir}/pipe.sh $<TARGET_FILE:eval_check_tap> -- $<TARGET_FILE:triage-cli>
                 eval --format tap ${PROJECT_SOURCE_DIR}/tests/cases)
set_tests_properties(eval/junit-counts eval/tap13-grammar eval/junit-counts-vignettes
                     eval/tap13-grammar-vignettes PROPERTIES LABELS eval)

# a real consumer of each CI format: xmllint with Jenkins' strict JUnit schema (junit-10.xsd,
# copied from the xUnit plugin: provenance and licence in junit_xsd.sh)
add_test(NAME eval/junit-xsd
         COMMAND sh ${triage_eval_dir}/junit_xsd.sh $<TARGET_FILE:triage-cli> ${basic} cases invalid)
add_test(NAME eval/junit-xsd-vignettes
         COMMAND sh ${triage_eval_dir}/junit_xsd.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR}/tests/cases)
set_tests_properties(eval/junit-xsd eval/junit-xsd-vignettes PROPERTIES LABELS eval SKIP_RETURN_CODE 77)

# prove (TAP::Harness, Debian package perl) reads a passing, a failing and an invalid run
add_test(NAME eval/prove-reads-tap COMMAND sh ${triage_eval_dir}/prove.sh $<TARGET_FILE:triage-cli>)
set_tests_properties(eval/prove-reads-tap PROPERTIES LABELS eval SKIP_RETURN_CODE 77)

# --jobs N writes the same bytes as --jobs 1, in every format and for --jsonl
add_test(NAME eval/jobs-identical
         COMMAND sh ${triage_eval_dir}/jobs.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR}/tests/cases)
set_tests_properties(eval/jobs-identical PROPERTIES LABELS eval)

# --jsonl on 100,000 generated records: every line answered, peak memory bounded
add_executable(eval_jsonl_memory ${triage_eval_dir}/jsonl_memory.c)
target_link_libraries(eval_jsonl_memory PRIVATE triage_flags)
add_test(NAME eval/jsonl-memory
         COMMAND eval_jsonl_memory $<TARGET_FILE:triage-cli> ${triage_eval_dir}/rules/basic.yaml 100000)
# ASan holds freed memory in quarantine (256 MB by default), which would hide what is measured
set_tests_properties(eval/jsonl-memory PROPERTIES LABELS eval
                     ENVIRONMENT "ASAN_OPTIONS=quarantine_size_mb=4:detect_leaks=1")

# the library's case-file API
add_executable(eval_test_cases ${triage_eval_dir}/test_cases.c)
target_link_libraries(eval_test_cases PRIVATE triage_engine triage_flags PkgConfig::CHECK)
target_compile_definitions(eval_test_cases PRIVATE EVAL_DIR="${triage_eval_dir}")
add_test(NAME eval/cases-api COMMAND eval_test_cases)
set_tests_properties(eval/cases-api PROPERTIES LABELS eval ENVIRONMENT "CK_FORK=no")

# The clinical vignettes: every one must pass (`triage eval` exits 1 if any fails).
add_test(NAME vignettes COMMAND $<TARGET_FILE:triage-cli> eval tests/cases WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(vignettes PROPERTIES LABELS cases)

# each --jsonl line is exactly the `triage run --format json` object for those answers
add_test(NAME eval/jsonl-equals-run COMMAND sh ${triage_eval_dir}/jsonl_run.sh $<TARGET_FILE:triage-cli>)
set_tests_properties(eval/jsonl-equals-run PROPERTIES LABELS eval)
