# A .deb that installs the shiftway binary: `cmake --build build --target package`.
# Contents: /usr/bin/shiftway, /usr/share/man/man1/shiftway.1.gz and
# /usr/share/bash-completion/completions/shiftway (check with dpkg-deb -c build/shiftway_*.deb).
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "shiftway")
set(CPACK_PACKAGE_CONTACT "shiftway maintainers <maintainers@shiftway.dev>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Flyway-compatible migration runner and release-compatibility linter")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "database")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
# Debian ships stripped binaries; the debug information stays in the build tree.
set(CPACK_STRIP_FILES ON)

# Debian installs man pages compressed (gzip -9n: no name or time stamp, so the build is reproducible).
find_program(GZIP_EXECUTABLE gzip)
if(GZIP_EXECUTABLE)
  set(SHIFTWAY_MAN_PAGE ${PROJECT_BINARY_DIR}/packaging/shiftway.1.gz)
  add_custom_command(
    OUTPUT ${SHIFTWAY_MAN_PAGE}
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/packaging/shiftway.1 ${PROJECT_BINARY_DIR}/packaging/shiftway.1
    COMMAND ${GZIP_EXECUTABLE} -9nf ${PROJECT_BINARY_DIR}/packaging/shiftway.1
    DEPENDS ${PROJECT_SOURCE_DIR}/packaging/shiftway.1
    COMMENT "Compressing the man page"
    VERBATIM)
  add_custom_target(shiftway_man_page ALL DEPENDS ${SHIFTWAY_MAN_PAGE})
else()
  set(SHIFTWAY_MAN_PAGE ${PROJECT_SOURCE_DIR}/packaging/shiftway.1)
endif()
install(FILES ${SHIFTWAY_MAN_PAGE} DESTINATION share/man/man1)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/completions/shiftway.bash
        DESTINATION share/bash-completion/completions RENAME shiftway)
include(CPack)
