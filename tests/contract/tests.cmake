# The vocabulary contract. The test itself is unit/test_vocabulary.c (it reads
# contract/vocabulary.yaml); here: when the shared original is next to the
# repository, check that the copy is up to date (refresh it with cp).
set(shared_vocabulary ${PROJECT_SOURCE_DIR}/../shared/vocabulary.yaml)
if(EXISTS ${shared_vocabulary})
  add_test(NAME contract/vocabulary-copy-is-current
           COMMAND ${CMAKE_COMMAND} -E compare_files ${shared_vocabulary}
                   ${CMAKE_CURRENT_LIST_DIR}/vocabulary.yaml)
  set_tests_properties(contract/vocabulary-copy-is-current PROPERTIES LABELS contract)
else()
  message(STATUS "contract: ../shared/vocabulary.yaml not found; the copy in tests/contract is used as is")
endif()
