# Emergencies in a person's own words (rules/emergency.yaml):
#   emergency/phrases   every phrasing of trigger.txt is understood as an emergency, no answer of
#                       ordinary.txt is (at any question), the emergency screen's options trigger
#                       and every other option at its own question does not
#   emergency/ask       `triage ask` (text and JSON) stops at once with the emergency advice when an
#                       answer describes an emergency, at any question
set(triage_emergency_dir ${CMAKE_CURRENT_LIST_DIR})

add_executable(emergency_phrases_test ${triage_emergency_dir}/phrases_test.c)
target_link_libraries(emergency_phrases_test PRIVATE triage triage_flags)  # the public API only
add_test(NAME emergency/phrases
         COMMAND emergency_phrases_test ${triage_emergency_dir}/trigger.txt
                 ${triage_emergency_dir}/ordinary.txt)
set_tests_properties(emergency/phrases PROPERTIES LABELS emergency)

add_test(NAME emergency/ask COMMAND sh ${triage_emergency_dir}/ask.sh $<TARGET_FILE:triage-cli>)
set_tests_properties(emergency/ask PROPERTIES LABELS emergency)
