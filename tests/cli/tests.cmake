# The command's own input and output (cli/):
#   cli/files     files written whole or not at all: an unwritable --save refused before the
#                 first question; a full disk (file-size limit; a 64 KiB tmpfs as root) keeps
#                 the old file and is reported; > /dev/full fails; the JSON protocol's save
#                 only writes a plain name in --save-dir
#   cli/signals   SIGTERM, SIGHUP and SIGINT at any point of `ask` and `eval`: no partial or
#                 temporary file is left, --save holds the answers so far
add_test(NAME cli/files
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/files.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/files PROPERTIES LABELS cli TIMEOUT 120)
add_test(NAME cli/signals
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/signals.sh $<TARGET_FILE:triage-cli> ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/signals PROPERTIES LABELS cli TIMEOUT 180)
