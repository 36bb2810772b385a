# A .deb that installs the shiftway binary: `cmake --build build --target package`.
# Contents: /usr/bin/shiftway, /usr/share/man/man1/shiftway.1.gz, the bash, zsh and fish
# completions, and /usr/share/doc/shiftway/{copyright,changelog.gz} (check with
# dpkg-deb -c build/shiftway_*.deb; tests/packaging/lintian.sh checks it with lintian).
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "shiftway")
set(CPACK_PACKAGE_CONTACT "shiftway maintainers <maintainers@shiftway.dev>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Flyway-compatible migration runner and release-compatibility linter")
# The extended description (lintian: extended-description-is-empty).
file(READ ${PROJECT_SOURCE_DIR}/packaging/deb/description.txt CPACK_PACKAGE_DESCRIPTION)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/shiftway/shiftway")
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
install(FILES ${PROJECT_SOURCE_DIR}/packaging/completions/_shiftway DESTINATION share/zsh/vendor-completions)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/completions/shiftway.fish DESTINATION share/fish/vendor_completions.d)

# /usr/share/doc/shiftway: the machine-readable copyright file and, for a native package,
# changelog.gz (Debian policy 12.5 and 12.7; lintian: no-copyright-file, no-changelog).
install(FILES ${PROJECT_SOURCE_DIR}/packaging/deb/copyright DESTINATION share/doc/shiftway)
if(GZIP_EXECUTABLE)
  set(SHIFTWAY_CHANGELOG ${PROJECT_BINARY_DIR}/packaging/changelog.gz)
  add_custom_command(
    OUTPUT ${SHIFTWAY_CHANGELOG}
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/packaging/deb/changelog ${PROJECT_BINARY_DIR}/packaging/changelog
    COMMAND ${GZIP_EXECUTABLE} -9nf ${PROJECT_BINARY_DIR}/packaging/changelog
    DEPENDS ${PROJECT_SOURCE_DIR}/packaging/deb/changelog
    COMMENT "Compressing the changelog"
    VERBATIM)
  add_custom_target(shiftway_changelog ALL DEPENDS ${SHIFTWAY_CHANGELOG})
  install(FILES ${SHIFTWAY_CHANGELOG} DESTINATION share/doc/shiftway)
endif()
include(CPack)
