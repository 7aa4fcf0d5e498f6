# The library as other programs use it:
#   library/exports           libtriage.so exports only tri_* names; SONAME libtriage.so.MAJOR
#   library/static-no-clash   a program defining its own arena_new, sb_init, ... (every internal
#                             name of the engine) links with libtriage.a and runs
#   install/pkg-config        installed into a temporary prefix, a program built with
#                             `pkg-config triage` runs, shared and static
#   install/find-package      the same through find_package(triage) in a small CMake project
#   install/add-subdirectory  the same project taking the source tree in with add_subdirectory
# The install tests need pkg-config and readelf, and are skipped (with a message) without them.
set(triage_install_dir ${CMAKE_CURRENT_LIST_DIR})
set(triage_test_cflags "")
if(TRIAGE_SANITIZE)
  set(triage_test_cflags ${TRIAGE_SANITIZE_FLAGS})
endif()

add_test(NAME library/exports
         COMMAND sh ${triage_install_dir}/exports.sh ${CMAKE_NM} ${CMAKE_READELF}
                 $<TARGET_FILE:triage::triage> ${PROJECT_VERSION_MAJOR})

add_test(NAME library/static-no-clash
         COMMAND sh ${triage_install_dir}/clash.sh ${CMAKE_C_COMPILER} ${CMAKE_NM}
                 ${PROJECT_SOURCE_DIR}/include $<TARGET_FILE:triage_engine>
                 $<TARGET_FILE:triage_static> ${CMAKE_CURRENT_BINARY_DIR}/static-no-clash
                 -- ${YAML_LINK_LIBRARIES} ${PCRE2_LINK_LIBRARIES} -lm)
set_tests_properties(library/exports library/static-no-clash PROPERTIES LABELS library)
set_property(TEST library/static-no-clash APPEND PROPERTY ENVIRONMENT "CFLAGS=${triage_test_cflags}")

foreach(mode pkg-config find-package add-subdirectory)
  add_test(NAME install/${mode}
           COMMAND sh ${triage_install_dir}/install.sh ${mode} ${PROJECT_SOURCE_DIR}
                   ${PROJECT_BINARY_DIR} ${CMAKE_CURRENT_BINARY_DIR}/install-${mode}
                   ${PROJECT_VERSION} ${CMAKE_C_COMPILER} ${triage_test_cflags})
  set_tests_properties(install/${mode} PROPERTIES LABELS install SKIP_RETURN_CODE 77
    ENVIRONMENT "CMAKE=${CMAKE_COMMAND};PKG_CONFIG=${PKG_CONFIG_EXECUTABLE};READELF=${CMAKE_READELF}")
endforeach()
# add-subdirectory compiles the engine again: start it first rather than last
set_tests_properties(install/add-subdirectory PROPERTIES COST 1000)
