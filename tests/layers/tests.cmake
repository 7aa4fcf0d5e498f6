# Layers: the floors of the engine, checked (tests/layers/layers.sh has the table).
#   layers/floors  no #include in engine/ points to a higher floor, every engine module is in
#                  the table, cli/ includes only the public header and its own headers, and
#                  neither the include graphs nor the link graph of the objects has a circle
#   layers/bad     the check itself: a fixture tree with one of each mistake fails, naming each
add_test(NAME layers/floors
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/layers.sh --nm ${CMAKE_NM} ${PROJECT_SOURCE_DIR}
                 $<TARGET_OBJECTS:triage_objects> $<TARGET_OBJECTS:triage-cli>)
add_test(NAME layers/bad
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/check_bad.sh ${CMAKE_CURRENT_LIST_DIR}/layers.sh
                 ${CMAKE_CURRENT_LIST_DIR}/bad)
set_tests_properties(layers/floors layers/bad PROPERTIES LABELS layers)
