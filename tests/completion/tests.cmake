# Shell completion (`triage completion bash|zsh`, cli/cmd_completion.c):
#   completion/bash   sourced in bash: registered, and completes commands, options, values
#                     and first words; every documented option is offered
#   completion/zsh    parses, registers after compinit, names every command and option
#                     (skipped without zsh)
add_test(NAME completion/bash COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/bash.sh $<TARGET_FILE:triage-cli>)
add_test(NAME completion/zsh COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/zsh.sh $<TARGET_FILE:triage-cli>)
set_tests_properties(completion/bash completion/zsh PROPERTIES LABELS completion SKIP_RETURN_CODE 77)
