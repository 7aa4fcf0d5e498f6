# The man page, docs/triage.1 (installed to share/man/man1):
#   man/render   `man -l` and groff render it without a warning (mandoc -T lint too when
#                installed); skipped without man and groff
#   man/covers   it names every command and every documented option of the program
add_test(NAME man/render COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/render.sh ${PROJECT_SOURCE_DIR}/docs/triage.1)
add_test(NAME man/covers
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/covers.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR}/docs/triage.1)
set_tests_properties(man/render man/covers PROPERTIES LABELS man SKIP_RETURN_CODE 77)
